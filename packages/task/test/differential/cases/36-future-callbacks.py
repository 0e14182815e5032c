import asyncio

async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    def cb(name):
        return lambda f: print("callback", name, f.result())
    a = cb("a")
    fut.add_done_callback(a)
    fut.add_done_callback(cb("b"))
    fut.add_done_callback(a)
    print("removed", fut.remove_done_callback(a))
    fut.add_done_callback(cb("c"))
    fut.set_result(7)
    print("set_result returned; callbacks not run inline")
    await asyncio.sleep(0)
    fut.add_done_callback(cb("late"))
    print("added after done")
    await asyncio.sleep(0)
    print("remove after done:", fut.remove_done_callback(a))
    def boom(f):
        raise ZeroDivisionError("in callback")
    f2 = loop.create_future()
    f2.add_done_callback(boom)
    f2.add_done_callback(lambda f: print("next callback still runs"))
    loop.set_exception_handler(lambda l, ctx: print("handler:", ctx["message"].split("(")[0].split(".")[-1].split(" ")[-1], repr(ctx["exception"])))
    f2.set_result(None)
    await asyncio.sleep(0)

asyncio.run(main())
