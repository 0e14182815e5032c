import asyncio

async def main():
    loop = asyncio.get_running_loop()
    t0 = loop.time()
    cm = asyncio.timeout(None)
    try:
        cm.reschedule(1)
    except RuntimeError as e:
        print("RuntimeError:", e)
    try:
        async with cm:
            cm.reschedule(loop.time() + 0.3)
            await asyncio.sleep(0.1)
            cm.reschedule(loop.time() + 0.1)
            await asyncio.sleep(1)
    except TimeoutError:
        print("expired at", f"{loop.time() - t0:.1f}")
    try:
        cm.reschedule(5)
    except RuntimeError as e:
        print("RuntimeError:", e)
    try:
        async with cm:
            pass
    except RuntimeError as e:
        print("RuntimeError:", e)
    cm2 = asyncio.timeout_at(loop.time() - 1)
    try:
        async with cm2:
            await asyncio.sleep(0)
            print("not reached")
    except TimeoutError:
        print("past deadline expires on first await")

asyncio.run(main())
