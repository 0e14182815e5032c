import asyncio

async def setter(fut, d):
    await asyncio.sleep(d)
    print("setting")
    fut.set_result("value")
    print("set; waiter not resumed yet")

async def waiter(name, fut):
    print(name, "waits")
    v = await fut
    print(name, "got", v)

async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    await asyncio.gather(waiter("w1", fut), waiter("w2", fut), setter(fut, 0.1))
    print("done future awaited again:", await fut)

asyncio.run(main())
