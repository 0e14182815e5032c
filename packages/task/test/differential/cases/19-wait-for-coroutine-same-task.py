import asyncio

async def inner():
    print("inner runs in", asyncio.current_task().get_name())
    await asyncio.sleep(0.1)
    return "inner result"

async def main():
    print("main is", asyncio.current_task().get_name())
    print(await asyncio.wait_for(inner(), 1))
    print("tasks created:", asyncio.create_task(asyncio.sleep(0)).get_name())

asyncio.run(main())
