import asyncio

async def body():
    print("body ran")

async def main():
    t = asyncio.create_task(body())
    t.cancel("first")
    t.cancel("second")
    try:
        await t
    except asyncio.CancelledError as e:
        print("cancelled with", e.args, t.cancelled(), t.cancelling())
    print(t.cancel())

asyncio.run(main())
