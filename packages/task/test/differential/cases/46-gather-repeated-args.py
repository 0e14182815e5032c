import asyncio

async def value(v):
    await asyncio.sleep(0)
    print("value", v)
    return v

async def main():
    loop = asyncio.get_running_loop()
    c = value("c")
    f = loop.create_future()
    d = loop.create_future()
    d.set_result("d")
    loop.call_later(0.1, f.set_result, "f")
    t = asyncio.create_task(value("t"))
    print(await asyncio.gather(c, f, d, t, c, f, d, t, f))
    e = loop.create_future()
    e.set_exception(ValueError("e"))
    g = loop.create_future()
    loop.call_soon(g.cancel)
    print(await asyncio.gather(e, g, e, g, return_exceptions=True))
    h = loop.create_future()
    loop.call_later(0.1, h.set_result, "h")
    many = [h] * 1000 + [d] * 1000
    r = await asyncio.gather(*many)
    print(len(r), r[0], r[-1], len(set(r)))
    try:
        await asyncio.gather(e, h, e)
    except ValueError as exc:
        print("raised", repr(exc))

asyncio.run(main())
