import asyncio

async def job(v, d):
    await asyncio.sleep(d)
    return v

async def main():
    loop = asyncio.get_running_loop()
    t0 = loop.time()
    slow = asyncio.create_task(job("slow", 1))
    for nxt in asyncio.as_completed([job("fast", 0.1), slow], timeout=0.3):
        try:
            print(await nxt, f"{loop.time() - t0:.1f}")
        except TimeoutError:
            print("TimeoutError", f"{loop.time() - t0:.1f}")
    print("slow still running:", not slow.done())
    print(await slow, f"{loop.time() - t0:.1f}")

asyncio.run(main())
