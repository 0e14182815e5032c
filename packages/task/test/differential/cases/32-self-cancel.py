import asyncio

async def returns_after_cancel():
    asyncio.current_task().cancel()
    return "dropped"

async def awaits_after_cancel():
    asyncio.current_task().cancel("self")
    try:
        await asyncio.sleep(0)
    except asyncio.CancelledError as e:
        print("CancelledError at the await", e.args)
        raise

async def raises_after_cancel():
    asyncio.current_task().cancel()
    raise KeyError("own")

async def main():
    for f in (returns_after_cancel, awaits_after_cancel, raises_after_cancel):
        t = asyncio.create_task(f())
        await asyncio.sleep(0.01)
        print(f.__name__, "cancelled:", t.cancelled(), "exception:", None if t.cancelled() else repr(t.exception()))

asyncio.run(main())
