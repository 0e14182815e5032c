import asyncio

async def party(name, barrier, delay):
    await asyncio.sleep(delay)
    print(name, "arrives, waiting:", barrier.n_waiting)
    index = await barrier.wait()
    print(name, "passes with index", index)
    return index

async def main():
    barrier = asyncio.Barrier(3)
    print(repr(barrier).split(" [")[1])
    r = await asyncio.gather(party("a", barrier, 0.1), party("b", barrier, 0.2), party("c", barrier, 0.3))
    print(r, barrier.n_waiting, barrier.broken)
    t = asyncio.create_task(party("d", barrier, 0))
    await asyncio.sleep(0.1)
    await barrier.abort()
    try:
        await t
    except asyncio.BrokenBarrierError as e:
        print("BrokenBarrierError:", e)
    try:
        await barrier.wait()
    except asyncio.BrokenBarrierError as e:
        print("BrokenBarrierError:", e)
    await barrier.reset()
    print("after reset broken:", barrier.broken)
    try:
        asyncio.Barrier(0)
    except ValueError as e:
        print("ValueError:", e)

asyncio.run(main())
