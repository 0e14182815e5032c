import asyncio

async def main():
    loop = asyncio.get_running_loop()
    t0 = loop.time()
    try:
        async with asyncio.timeout(0.2) as cm:
            print("entered", cm.expired())
            await asyncio.sleep(1)
    except TimeoutError as e:
        print("TimeoutError", type(e.__cause__).__name__, f"{loop.time() - t0:.1f}", cm.expired())
    async with asyncio.timeout(1) as cm:
        await asyncio.sleep(0.1)
    print("no timeout", cm.expired(), repr(cm))
    async with asyncio.timeout(None) as cm:
        await asyncio.sleep(0.1)
    print("when:", cm.when(), asyncio.current_task().cancelling())

asyncio.run(main())
