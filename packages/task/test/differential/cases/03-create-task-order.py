import asyncio

async def child(name):
    print("start", name)
    await asyncio.sleep(0)
    print("resume", name)
    return name

async def main():
    t1 = asyncio.create_task(child("one"))
    t2 = asyncio.create_task(child("two"))
    print("main keeps running", t1.done(), t2.done())
    asyncio.get_running_loop().call_soon(print, "callback")
    r1 = await t1
    print("got", r1)
    r2 = await t2
    print("got", r2)

asyncio.run(main())
