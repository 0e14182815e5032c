import asyncio

async def quick():
    return "quick"

async def main():
    loop = asyncio.get_running_loop()
    f = loop.create_future()
    f.set_result("ready")
    print(await asyncio.wait_for(f, 0))
    started = []
    async def never():
        started.append(1)
        await asyncio.sleep(1)
    try:
        await asyncio.wait_for(never(), 0)
    except TimeoutError:
        print("TimeoutError, started:", started)
    t = asyncio.create_task(quick())
    await asyncio.sleep(0)
    print(await asyncio.wait_for(t, -1))

asyncio.run(main())
