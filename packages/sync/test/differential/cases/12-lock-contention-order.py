import asyncio

async def main():
    lock = asyncio.Lock()
    order = []
    async def w(i):
        for _ in range(2):
            async with lock:
                order.append(i)
                await asyncio.sleep(0)
    await asyncio.gather(*(w(i) for i in range(4)))
    print(order)
    sem = asyncio.Semaphore(2)
    order = []
    async def s(i):
        for _ in range(2):
            async with sem:
                order.append(i)
                await asyncio.sleep(0)
    await asyncio.gather(*(s(i) for i in range(4)))
    print(order)

asyncio.run(main())
