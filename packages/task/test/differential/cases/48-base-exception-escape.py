# KeyboardInterrupt and SystemExit raised in a task, a TaskGroup child or a callback stop the loop and
# escape asyncio.run() after the other tasks were cancelled (their finally blocks run).
import asyncio

async def other():
    try:
        await asyncio.sleep(10)
    finally:
        print("other: finally")

async def interrupter():
    await asyncio.sleep(1)
    print("interrupter: raising")
    raise KeyboardInterrupt

async def main():
    t = asyncio.create_task(other())
    i = asyncio.create_task(interrupter())
    try:
        await asyncio.sleep(5)
    finally:
        print("main: finally")

try:
    asyncio.run(main())
except KeyboardInterrupt as e:
    print("escaped:", type(e).__name__)

async def main2():
    async def child():
        await asyncio.sleep(0)
        raise SystemExit(3)
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(child())
            await asyncio.sleep(1)
    finally:
        print("main2: finally")

try:
    asyncio.run(main2())
except SystemExit as e:
    print("escaped:", type(e).__name__, e.code)

async def main3():
    loop = asyncio.get_running_loop()
    def cb():
        raise SystemExit(4)
    loop.call_soon(cb)
    try:
        await asyncio.sleep(1)
    finally:
        print("main3: finally")

try:
    asyncio.run(main3())
except SystemExit as e:
    print("escaped:", type(e).__name__, e.code)
