import asyncio

async def raises_on_cancel():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        raise KeyError("raised while being cancelled")

async def swallows_cancel():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        print("swallowed at shutdown")
        return "kept"

async def main():
    asyncio.get_running_loop().set_exception_handler(
        lambda loop, ctx: print("handler:", ctx["message"], repr(ctx["exception"]), ctx["task"].get_name()))
    asyncio.create_task(raises_on_cancel(), name="raiser")
    asyncio.create_task(swallows_cancel(), name="swallower")
    await asyncio.sleep(0.1)
    print("main done")

asyncio.run(main())
print("run returned")
