import asyncio

async def worker(name):
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError:
        print(name, "cancelled")
        raise

async def group_owner():
    async with asyncio.TaskGroup() as tg:
        tg.create_task(worker("A"))
        tg.create_task(worker("B"))
    print("not reached")

async def main():
    t = asyncio.create_task(group_owner())
    await asyncio.sleep(0.1)
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        print("owner cancelled:", t.cancelled())

asyncio.run(main())
