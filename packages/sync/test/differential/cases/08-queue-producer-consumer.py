import asyncio

async def producer(q, n):
    for i in range(n):
        print("put", i, "full:", q.full())
        await q.put(i)
    print("producer done")

async def consumer(name, q):
    while True:
        item = await q.get()
        print(name, "got", item, "qsize:", q.qsize())
        await asyncio.sleep(0)  # a turn, not a time: real timers race under load
        q.task_done()

async def main():
    q = asyncio.Queue(maxsize=2)
    consumers = [asyncio.create_task(consumer(n, q)) for n in ("c1", "c2")]
    await producer(q, 6)
    await q.join()
    print("joined; empty:", q.empty(), repr(q).split(" ", 1)[1] if False else str(q))
    for c in consumers:
        c.cancel()
    await asyncio.gather(*consumers, return_exceptions=True)

asyncio.run(main())
