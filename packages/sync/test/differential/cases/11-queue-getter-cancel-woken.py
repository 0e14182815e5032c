import asyncio

async def getter(name, q, log):
    try:
        item = await q.get()
        log.append(f"{name} got {item}")
    except asyncio.CancelledError:
        log.append(f"{name} cancelled")
        raise

async def main():
    q = asyncio.Queue()
    log = []
    a = asyncio.create_task(getter("a", q, log))
    b = asyncio.create_task(getter("b", q, log))
    await asyncio.sleep(0)
    q.put_nowait("item")  # wakes a ...
    a.cancel()            # ... who is cancelled: the item goes to b
    await asyncio.gather(a, b, return_exceptions=True)
    print(log, q.qsize())
    p = asyncio.Queue(1)
    p.put_nowait(0)
    put_task = asyncio.create_task(p.put(1))
    await asyncio.sleep(0)
    put_task.cancel()
    await asyncio.gather(put_task, return_exceptions=True)
    print("a cancelled put never inserts:", p.qsize(), p.get_nowait(), p.empty())

asyncio.run(main())
