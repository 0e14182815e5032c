import asyncio

async def slow():
    try:
        await asyncio.sleep(1)
        return "finished"
    finally:
        print("cleanup starts")
        await asyncio.sleep(0.1)
        print("cleanup ends")

async def main():
    loop = asyncio.get_running_loop()
    t0 = loop.time()
    try:
        await asyncio.wait_for(slow(), timeout=0.2)
    except TimeoutError as e:
        print("TimeoutError", repr(e.__cause__), f"{loop.time() - t0:.1f}")
    print(await asyncio.wait_for(asyncio.sleep(0.1, "in time"), timeout=1))
    print(await asyncio.wait_for(asyncio.sleep(0.1, "no limit"), timeout=None))

asyncio.run(main())
