import asyncio

async def main():
    q = asyncio.Queue(1)
    q.put_nowait("x")
    for call in (lambda: q.put_nowait("y"),):
        try:
            call()
        except asyncio.QueueFull as e:
            print("QueueFull", repr(e))
    print(str(q))
    print(q.get_nowait())
    try:
        q.get_nowait()
    except asyncio.QueueEmpty as e:
        print("QueueEmpty", repr(e))
    q.task_done()
    try:
        q.task_done()
    except ValueError as e:
        print("ValueError:", e)
    await q.join()
    print("join returns at once when nothing is unfinished")
    unbounded = asyncio.Queue(0)
    for i in range(1000):
        unbounded.put_nowait(i)
    print(unbounded.full(), unbounded.qsize(), unbounded.maxsize)

asyncio.run(main())
