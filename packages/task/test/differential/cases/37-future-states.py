import asyncio

async def main():
    loop = asyncio.get_running_loop()
    f = loop.create_future()
    print(repr(f), f.done(), f.cancelled())
    for call in (f.result, f.exception):
        try:
            call()
        except asyncio.InvalidStateError as e:
            print("InvalidStateError:", e)
    f.set_result("ok")
    print(repr(f), f.done(), f.result(), f.exception())
    try:
        f.set_result("again")
    except asyncio.InvalidStateError as e:
        print("InvalidStateError:", e)
    print("cancel done future:", f.cancel())
    g = loop.create_future()
    g.set_exception(ValueError)
    print(repr(g), repr(g.exception()))
    h = loop.create_future()
    print(h.cancel("why"), repr(h), h.cancelled(), h.done())
    try:
        h.result()
    except asyncio.CancelledError as e:
        print("CancelledError", e.args)
    t = asyncio.create_task(asyncio.sleep(0))
    for call in (lambda: t.set_result(1), lambda: t.set_exception(ValueError())):
        try:
            call()
        except RuntimeError as e:
            print("RuntimeError:", e)
    await t
    print(f.get_loop() is loop)

asyncio.run(main())
