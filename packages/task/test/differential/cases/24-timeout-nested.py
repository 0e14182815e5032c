import asyncio

async def main():
    loop = asyncio.get_running_loop()
    t0 = loop.time()
    try:
        async with asyncio.timeout(0.5) as outer:
            try:
                async with asyncio.timeout(0.1) as inner:
                    await asyncio.sleep(1)
            except TimeoutError:
                print("inner expired", inner.expired(), outer.expired(), f"{loop.time() - t0:.1f}")
            await asyncio.sleep(1)
    except TimeoutError:
        print("outer expired", outer.expired(), f"{loop.time() - t0:.1f}")
    async with asyncio.timeout(0.1) as cm:
        try:
            await asyncio.sleep(1)
        except asyncio.CancelledError:
            print("body swallowed the cancel")
    print("no TimeoutError; expired() =", cm.expired(), "cancelling =", asyncio.current_task().cancelling())

asyncio.run(main())
