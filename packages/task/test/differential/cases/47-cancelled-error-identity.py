import asyncio

seen = None

async def inner():
    global seen
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError as e:
        seen = e
        raise

async def main():
    t = asyncio.create_task(inner())
    await asyncio.sleep(0)
    t.cancel()
    try:
        await t
    except asyncio.CancelledError as e:
        print("await:", e is seen)
    try:
        t.result()
    except asyncio.CancelledError as e:
        print("result:", e is seen, repr(e))
    print(t.cancelled(), t.cancelling())
    f = asyncio.get_running_loop().create_future()
    f.cancel("why")
    for _ in range(2):
        try:
            f.result()
        except asyncio.CancelledError as e:
            print("future:", repr(e))

asyncio.run(main())
