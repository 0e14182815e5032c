import asyncio

async def background(name):
    try:
        print(name, "started")
        await asyncio.sleep(10)
    finally:
        print(name, "finally runs at shutdown")

async def late():
    print("late task got its first step")

async def main():
    asyncio.create_task(background("bg1"))
    await asyncio.sleep(0.1)
    asyncio.create_task(late())
    print("main returns")
    return "result"

print(asyncio.run(main()))
try:
    asyncio.get_event_loop()
except RuntimeError as e:
    print("RuntimeError:", e)
