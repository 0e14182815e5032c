import asyncio

async def job(name, delay, t0):
    loop = asyncio.get_running_loop()
    print(name, "start", f"{loop.time() - t0:.1f}")
    r = await asyncio.sleep(delay, name.upper())
    print(name, "end", f"{loop.time() - t0:.1f}", r)

async def main():
    t0 = asyncio.get_running_loop().time()
    t1 = asyncio.create_task(job("x", 0.2, t0))
    t2 = asyncio.create_task(job("y", 0.1, t0))
    await t1
    await t2
    await job("z", 0.1, t0)

asyncio.run(main())
