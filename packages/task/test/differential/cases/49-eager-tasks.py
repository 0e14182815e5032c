# Eager tasks (3.12): the first step runs inside create_task; a coroutine that finishes without
# waiting is done at once and never scheduled; current_task() is the new task during that step.
import asyncio


async def quick(name):
    print("quick", name, "runs in", asyncio.current_task().get_name())
    return name


async def slow(name):
    print("slow", name, "starts")
    await asyncio.sleep(0)
    print("slow", name, "resumes")
    return name


async def main():
    loop = asyncio.get_running_loop()
    lazy = asyncio.create_task(quick("lazy"))
    print("lazy done after create_task:", lazy.done())
    loop.set_task_factory(asyncio.eager_task_factory)
    print("current before:", asyncio.current_task().get_name())
    q = asyncio.create_task(quick("eager"))
    print("current after:", asyncio.current_task().get_name())
    print("eager done after create_task:", q.done(), q.result())
    s = asyncio.create_task(slow("eager"))
    print("slow done after create_task:", s.done())
    results = await asyncio.gather(quick("g1"), slow("g2"), quick("g3"))
    print("gather:", results)
    print("all tasks:", sorted(t.get_name() for t in asyncio.all_tasks()))
    print(await lazy, await s)
    loop.set_task_factory(None)
    t = asyncio.create_task(quick("lazy again"))
    print("lazy again done:", t.done())
    await t
    loop.set_task_factory(asyncio.create_eager_task_factory(asyncio.Task))
    named = asyncio.create_task(quick("named"), name="custom")
    print("named:", named.get_name(), named.done())


asyncio.run(main())
