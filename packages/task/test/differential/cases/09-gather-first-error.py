import asyncio

async def job(name, d, fail=False):
    await asyncio.sleep(d)
    if fail:
        raise ValueError(f"{name} failed")
    print(f"{name} finished")
    return name

async def main():
    loop = asyncio.get_running_loop()
    t0 = loop.time()
    try:
        await asyncio.gather(job("A", 0.1), job("B", 0.2, fail=True), job("C", 0.3), job("D", 0.4, fail=True))
    except ValueError as e:
        print("caught:", e, f"{loop.time() - t0:.1f}")
    await asyncio.sleep(0.3)
    print("after", f"{loop.time() - t0:.1f}")

asyncio.run(main())
