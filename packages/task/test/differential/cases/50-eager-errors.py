# Eager tasks that fail or are cancelled: a failure in the first step is the task's, at once; a
# task suspended by its eager step is cancelled at its await; TaskGroup children start eagerly.
import asyncio


async def fails():
    raise ValueError("eager failure")


async def waits(fut):
    try:
        return await fut
    except asyncio.CancelledError:
        print("waits: cancelled at its await")
        raise


async def child(name, log):
    log.append(f"{name} started")
    await asyncio.sleep(0.1)
    log.append(f"{name} done")
    return name


async def main():
    loop = asyncio.get_running_loop()
    loop.set_task_factory(asyncio.eager_task_factory)
    t = asyncio.create_task(fails())
    print("failed at once:", t.done(), repr(t.exception()))
    fut = loop.create_future()
    w = asyncio.create_task(waits(fut))
    print("suspended:", w.done())
    w.cancel()
    try:
        await w
    except asyncio.CancelledError:
        print("w cancelled:", w.cancelled())
    log = []
    async with asyncio.TaskGroup() as tg:
        a = tg.create_task(child("a", log))
        log.append("after a")
        b = tg.create_task(child("b", log))
        log.append("after b")
    print(log)
    print(a.result(), b.result())


asyncio.run(main())
