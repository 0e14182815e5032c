import asyncio

async def user(name, sem, log):
    try:
        async with sem:
            log.append(f"{name} in")
            await asyncio.sleep(0.1)
    except asyncio.CancelledError:
        log.append(f"{name} cancelled")
        raise

async def main():
    sem = asyncio.Semaphore(1)
    log = []
    await sem.acquire()
    a = asyncio.create_task(user("a", sem, log))
    b = asyncio.create_task(user("b", sem, log))
    await asyncio.sleep(0)
    sem.release()       # the permit is handed to a ...
    a.cancel()          # ... who gives it back: b gets it
    c = asyncio.create_task(user("c", sem, log))   # a newcomer cannot overtake b
    await asyncio.gather(a, b, c, return_exceptions=True)
    print(log, sem.locked())

asyncio.run(main())
