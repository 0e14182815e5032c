import asyncio

async def child(d):
    await asyncio.sleep(d)
    return d

async def main():
    t1 = asyncio.create_task(child(0.5))
    t2 = asyncio.create_task(child(0.1))
    g = asyncio.gather(t1, t2)
    await asyncio.sleep(0.05)
    t1.cancel("child stop")
    try:
        await g
    except asyncio.CancelledError as e:
        print("gather raised CancelledError", e.args)
    print("g.cancelled()", g.cancelled(), "t2 done", t2.done())
    await asyncio.sleep(0.1)
    print("t2 result", t2.result())

asyncio.run(main())
