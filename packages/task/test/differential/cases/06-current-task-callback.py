import asyncio

async def main():
    loop = asyncio.get_running_loop()
    me = asyncio.current_task()
    print("in task:", me is not None, me.get_name())
    loop.call_soon(lambda: print("in callback:", asyncio.current_task()))
    await asyncio.sleep(0)
    print("tasks:", len(asyncio.all_tasks()))
    t = asyncio.create_task(asyncio.sleep(0.1))
    print("tasks:", len(asyncio.all_tasks()))
    await t
    print("tasks:", len(asyncio.all_tasks()))

try:
    asyncio.current_task()
except RuntimeError as e:
    print("outside:", e)
asyncio.run(main())
