import asyncio

async def worker(name, lock, hold):
    print(name, "wants the lock")
    async with lock:
        print(name, "has the lock", lock.locked())
        await asyncio.sleep(hold)
    print(name, "released")

async def main():
    lock = asyncio.Lock()
    await asyncio.gather(worker("a", lock, 0.1), worker("b", lock, 0.1), worker("c", lock, 0))
    print("locked at the end:", lock.locked())
    try:
        lock.release()
    except RuntimeError as e:
        print("RuntimeError:", e)

asyncio.run(main())
