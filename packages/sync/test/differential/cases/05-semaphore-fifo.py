import asyncio

async def worker(name, sem, hold, log):
    async with sem:
        log.append(f"{name}+")
        await asyncio.sleep(hold)
        log.append(f"{name}-")

async def main():
    sem = asyncio.Semaphore(2)
    log = []
    print(sem.locked(), repr(sem).split(" [")[1])
    tasks = [asyncio.create_task(worker(n, sem, h, log)) for n, h in [("a", 0.3), ("b", 0.1), ("c", 0.1), ("d", 0.1)]]
    await asyncio.sleep(0)
    print("after first steps:", log, sem.locked())
    await asyncio.gather(*tasks)
    print(log)
    try:
        asyncio.Semaphore(-1)
    except ValueError as e:
        print("ValueError:", e)
    b = asyncio.BoundedSemaphore(1)
    await b.acquire()
    b.release()
    try:
        b.release()
    except ValueError as e:
        print("ValueError:", e)

asyncio.run(main())
