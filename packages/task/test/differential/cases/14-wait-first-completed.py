import asyncio

async def job(v, d):
    await asyncio.sleep(d)
    return v

async def main():
    loop = asyncio.get_running_loop()
    t0 = loop.time()
    a = asyncio.create_task(job("a", 0.3))
    b = asyncio.create_task(job("b", 0.1))
    done, pending = await asyncio.wait({a, b}, return_when=asyncio.FIRST_COMPLETED)
    print([t.result() for t in done], len(pending), f"{loop.time() - t0:.1f}")
    done, pending = await asyncio.wait(pending, timeout=0.1)
    print(len(done), len(pending), f"{loop.time() - t0:.1f}", a.done())
    done, pending = await asyncio.wait(pending)
    print([t.result() for t in done], f"{loop.time() - t0:.1f}")

asyncio.run(main())
