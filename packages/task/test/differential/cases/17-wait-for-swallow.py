import asyncio

async def stubborn():
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError:
        print("swallowed the cancel")
        return "kept value"

async def failing_cleanup():
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError:
        raise KeyError("during cleanup")

async def main():
    r = await asyncio.wait_for(stubborn(), timeout=0.1)
    print("returned:", r)
    try:
        await asyncio.wait_for(failing_cleanup(), timeout=0.1)
    except KeyError as e:
        print("KeyError", e)
    except TimeoutError:
        print("TimeoutError")

asyncio.run(main())
