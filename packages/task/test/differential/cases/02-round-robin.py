import asyncio

async def worker(name, n):
    for i in range(n):
        print(f"{name}{i}")
        await asyncio.sleep(0)

async def main():
    await asyncio.gather(worker("a", 3), worker("b", 1), worker("c", 2))
    print("end")

asyncio.run(main())
