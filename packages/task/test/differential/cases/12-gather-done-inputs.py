import asyncio

async def main():
    loop = asyncio.get_running_loop()
    f1 = loop.create_future()
    f2 = loop.create_future()
    f1.set_result("a")
    f2.set_result("b")
    g = asyncio.gather(f1, f2)
    print("done synchronously:", g.done())
    print(await g)
    f3 = loop.create_future()
    f3.set_exception(KeyError("k"))
    g2 = asyncio.gather(f3, return_exceptions=True)
    print("done:", g2.done(), await g2)

asyncio.run(main())
