import asyncio

async def job(v, d, fail=False):
    await asyncio.sleep(d)
    if fail:
        raise ValueError(v)
    return v

async def main():
    loop = asyncio.get_running_loop()
    t0 = loop.time()
    for nxt in asyncio.as_completed([job("c", 0.3), job("a", 0.1), job("b", 0.2, True)]):
        try:
            print(await nxt, f"{loop.time() - t0:.1f}")
        except ValueError as e:
            print("error", e, f"{loop.time() - t0:.1f}")
    try:
        asyncio.as_completed(job("x", 0)).__next__()
    except TypeError as e:
        print("TypeError:", e)

asyncio.run(main())
