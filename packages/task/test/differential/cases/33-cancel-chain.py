import asyncio

async def leaf():
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError:
        print("leaf cancelled")
        raise

async def middle(t):
    try:
        await t
    except asyncio.CancelledError:
        print("middle cancelled")
        raise

async def main():
    leaf_task = asyncio.create_task(leaf())
    middle_task = asyncio.create_task(middle(leaf_task))
    await asyncio.sleep(0.1)
    middle_task.cancel()
    await asyncio.gather(middle_task, return_exceptions=True)
    print("leaf:", leaf_task.cancelled(), "middle:", middle_task.cancelled())

asyncio.run(main())
