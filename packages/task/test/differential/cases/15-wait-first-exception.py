import asyncio

async def job(v, d, fail=False):
    await asyncio.sleep(d)
    if fail:
        raise ValueError(v)
    return v

async def main():
    loop = asyncio.get_running_loop()
    t0 = loop.time()
    ts = [asyncio.create_task(job("a", 0.1)), asyncio.create_task(job("b", 0.2, True)), asyncio.create_task(job("c", 0.3))]
    done, pending = await asyncio.wait(ts, return_when=asyncio.FIRST_EXCEPTION)
    print(len(done), len(pending), f"{loop.time() - t0:.1f}")
    c = ts[2]
    c.cancel()
    done, pending = await asyncio.wait([c], return_when=asyncio.FIRST_EXCEPTION)
    print(len(done), c.cancelled())
    for bad in ([], "bogus"):
        try:
            if bad == []:
                await asyncio.wait(bad)
            else:
                await asyncio.wait(ts, return_when=bad)
        except ValueError as e:
            print("ValueError:", e)
    try:
        await asyncio.wait(ts[0])
    except TypeError as e:
        print("TypeError:", e)
    coro = job("x", 0)
    try:
        await asyncio.wait([coro])
    except TypeError as e:
        print("TypeError:", e)
    coro.close()

asyncio.run(main())
