import asyncio

async def waiter(name, ev):
    print(name, "waits")
    r = await ev.wait()
    print(name, "woke", r, ev.is_set())

async def main():
    ev = asyncio.Event()
    tasks = [asyncio.create_task(waiter(n, ev)) for n in "abc"]
    await asyncio.sleep(0.1)
    print("setting")
    ev.set()
    ev.clear()
    print("cleared right away; set() already woke them")
    await asyncio.gather(*tasks)
    ev.set()
    print("wait on a set event returns at once:", await ev.wait())

asyncio.run(main())
