import asyncio

async def level3():
    await asyncio.sleep(0.1)
    raise ValueError("deep")

async def level2():
    try:
        return await level3()
    finally:
        print("level2 finally")

async def level1():
    try:
        await level2()
    except ValueError as e:
        print("level1 caught", repr(e))
        raise RuntimeError("wrapped") from e

async def main():
    t = asyncio.create_task(level1())
    try:
        await t
    except RuntimeError as e:
        print("main caught", e, "cause:", repr(e.__cause__))
    print(t.done(), repr(t.exception()))

asyncio.run(main())
