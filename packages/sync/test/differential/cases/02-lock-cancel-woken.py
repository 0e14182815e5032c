import asyncio

async def waiter(name, lock, log):
    try:
        async with lock:
            log.append(f"{name} acquired")
            await asyncio.sleep(0.1)
    except asyncio.CancelledError:
        log.append(f"{name} cancelled, locked={lock.locked()}")
        raise

async def main():
    lock = asyncio.Lock()
    log = []
    await lock.acquire()
    a = asyncio.create_task(waiter("a", lock, log))
    b = asyncio.create_task(waiter("b", lock, log))
    await asyncio.sleep(0)
    lock.release()          # wakes a ...
    a.cancel()              # ... which is cancelled before it runs: b must get the lock
    await asyncio.gather(a, b, return_exceptions=True)
    print(log)
    print("newcomer while woken waiter pending:")
    await lock.acquire()
    c = asyncio.create_task(waiter("c", lock, log))
    await asyncio.sleep(0)
    lock.release()
    print("locked right after release:", lock.locked())
    ok = lock.locked() is False
    d = asyncio.create_task(waiter("d", lock, log))
    await asyncio.gather(c, d)
    print(log[-2:], ok)

asyncio.run(main())
