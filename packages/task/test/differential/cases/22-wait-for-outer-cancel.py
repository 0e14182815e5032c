import asyncio

async def inner():
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError as e:
        print("inner got CancelledError", e.args)
        raise

async def outer():
    await asyncio.wait_for(inner(), 0.5)

async def main():
    t = asyncio.create_task(outer())
    await asyncio.sleep(0.1)
    t.cancel("from main")
    try:
        await t
    except asyncio.CancelledError as e:
        print("outer task cancelled", t.cancelled(), e.args)

asyncio.run(main())
