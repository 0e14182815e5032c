import asyncio

async def worker(name, d, fail=False):
    try:
        await asyncio.sleep(d)
        if fail:
            raise ValueError(f"{name} broke")
        print(name, "done")
    except asyncio.CancelledError:
        print(name, "cancelled")
        raise

async def main():
    loop = asyncio.get_running_loop()
    t0 = loop.time()
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(worker("A", 0.1))
            tg.create_task(worker("B", 0.2, fail=True))
            tg.create_task(worker("C", 0.3))
    except* ValueError as eg:
        print("caught", eg.exceptions, f"{loop.time() - t0:.1f}")
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(worker("E", 0.1, fail=True))
            tg.create_task(worker("F", 0.1, fail=True))
    except ExceptionGroup as eg:
        print(str(eg), repr(eg))
    print("cancelling:", asyncio.current_task().cancelling())

asyncio.run(main())
