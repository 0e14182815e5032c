import asyncio

async def job(v, d, fail=False):
    await asyncio.sleep(d)
    if fail:
        raise ValueError(v)
    return v

async def main():
    loop = asyncio.get_running_loop()
    t0 = loop.time()
    ts = [asyncio.create_task(job("a", 0.2)), asyncio.create_task(job("b", 0.1, True)), asyncio.create_task(job("c", 0.3))]
    done, pending = await asyncio.wait(ts)
    print(len(done), len(pending), f"{loop.time() - t0:.1f}")
    print(sorted(str(t.exception()) for t in done if t.exception()))
    print(sorted(t.result() for t in done if not t.exception()))

asyncio.run(main())
