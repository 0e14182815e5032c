import asyncio

async def sleeper():
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError as e:
        print("sleeper got", e.args)
        raise
    finally:
        print("sleeper finally")

async def main():
    t = asyncio.create_task(sleeper())
    await asyncio.sleep(0.1)
    print(t.cancel("one"), t.cancel("two"), t.cancelling())
    try:
        await t
    except asyncio.CancelledError as e:
        print("awaiter got", e.args)
    print(t.cancelled(), t.uncancel(), t.uncancel(), t.uncancel())

asyncio.run(main())
