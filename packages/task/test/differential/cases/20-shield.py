import asyncio

async def important():
    await asyncio.sleep(0.2)
    print("important work done")
    return "saved"

async def caller(inner):
    return await asyncio.shield(inner)

async def main():
    inner = asyncio.create_task(important())
    c = asyncio.create_task(caller(inner))
    await asyncio.sleep(0.1)
    c.cancel()
    try:
        await c
    except asyncio.CancelledError:
        print("caller cancelled; inner cancelled?", inner.cancelled())
    print("inner result:", await inner)
    done = asyncio.get_running_loop().create_future()
    done.set_result(1)
    print("shield of done future is itself:", asyncio.shield(done) is done)

asyncio.run(main())
