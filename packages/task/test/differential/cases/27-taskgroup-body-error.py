import asyncio

async def worker(name):
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError:
        print(name, "cancelled")
        raise

async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(worker("A"))
            await asyncio.sleep(0.1)
            raise KeyError("body")
    except ExceptionGroup as eg:
        print("group of", [type(e).__name__ for e in eg.exceptions])
    async with asyncio.TaskGroup() as tg:
        async def spawner():
            await asyncio.sleep(0.1)
            tg.create_task(worker_done("late child"))
        tg.create_task(spawner())
    print("late child awaited too")

async def worker_done(name):
    await asyncio.sleep(0.1)
    print(name, "done")

asyncio.run(main())
