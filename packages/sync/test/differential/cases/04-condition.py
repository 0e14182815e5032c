import asyncio

async def consumer(name, cond, items):
    async with cond:
        print(name, "waits")
        item = await cond.wait_for(lambda: items)
        print(name, "got", items.pop(0), "locked:", cond.locked())

async def main():
    cond = asyncio.Condition()
    items = []
    tasks = [asyncio.create_task(consumer(n, cond, items)) for n in "abc"]
    await asyncio.sleep(0.1)
    async with cond:
        items.append(1)
        cond.notify()
        print("notified one")
    await asyncio.sleep(0.1)
    async with cond:
        items.extend([2, 3])
        cond.notify_all()
        print("notified all")
    await asyncio.gather(*tasks)
    for call in (cond.notify, lambda: cond.wait().send(None)):
        try:
            call()
        except RuntimeError as e:
            print("RuntimeError:", e)

asyncio.run(main())
