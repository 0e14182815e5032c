import asyncio

async def stubborn():
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError:
        print("swallowed")
    await asyncio.sleep(0.1)
    return "finished anyway"

async def main():
    t = asyncio.create_task(stubborn())
    await asyncio.sleep(0.1)
    t.cancel()
    r = await t
    print(r, t.cancelled(), t.cancelling())

asyncio.run(main())
