import asyncio

async def fails():
    await asyncio.sleep(0.1)
    raise KeyError("main failed")

async def reenter():
    coro = fails()
    try:
        asyncio.run(coro)
    except RuntimeError as e:
        print("RuntimeError:", e)
    coro.close()
    loop = asyncio.get_running_loop()
    try:
        loop.run_until_complete(asyncio.sleep(0))
    except RuntimeError as e:
        print("RuntimeError:", e)

try:
    asyncio.run(fails())
except KeyError as e:
    print("KeyError from run:", e)
try:
    asyncio.run(42)
except ValueError as e:
    print("ValueError:", e)
asyncio.run(reenter())
