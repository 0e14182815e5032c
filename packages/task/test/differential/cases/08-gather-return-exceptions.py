import asyncio

async def ok(v, d):
    await asyncio.sleep(d)
    return v

async def bad(msg, d):
    await asyncio.sleep(d)
    raise ValueError(msg)

async def main():
    r = await asyncio.gather(ok(1, 0.1), bad("boom", 0.05), ok(3, 0.2), return_exceptions=True)
    print(r)
    t = asyncio.create_task(ok(4, 1))
    t.cancel("stop")
    r = await asyncio.gather(t, ok(5, 0), return_exceptions=True)
    print(r, repr(r[0].args))
    t2 = asyncio.create_task(ok(6, 1))
    t2.cancel()
    r = await asyncio.gather(t2, return_exceptions=True)
    print(r, repr(r[0].args))

asyncio.run(main())
