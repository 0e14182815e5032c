import asyncio

async def worker(name, d):
    await asyncio.sleep(d)
    print(name, "done")
    return name

async def main():
    loop = asyncio.get_running_loop()
    t0 = loop.time()
    async with asyncio.TaskGroup() as tg:
        a = tg.create_task(worker("A", 0.2))
        b = tg.create_task(worker("B", 0.1), name="bee")
        print(repr(tg))
    print("after block", a.result(), b.result(), b.get_name(), f"{loop.time() - t0:.1f}")
    print(repr(tg))
    try:
        tg.create_task(worker("late", 0))
    except RuntimeError as e:
        print("RuntimeError:", e)
    tg2 = asyncio.TaskGroup()
    coro = worker("x", 0)
    try:
        tg2.create_task(coro)
    except RuntimeError as e:
        print("RuntimeError:", e)
    coro.close()

asyncio.run(main())
