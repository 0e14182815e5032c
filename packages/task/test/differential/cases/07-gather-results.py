import asyncio

async def value(v, delay):
    await asyncio.sleep(delay)
    return v

async def main():
    loop = asyncio.get_running_loop()
    t0 = loop.time()
    r = await asyncio.gather(value("slow", 0.3), value("fast", 0.1), value("mid", 0.2))
    print(r, f"{loop.time() - t0:.1f}")
    print(await asyncio.gather())
    t = asyncio.create_task(value(1, 0.1))
    print(await asyncio.gather(t, t, value(2, 0)))

asyncio.run(main())
