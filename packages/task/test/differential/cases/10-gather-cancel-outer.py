import asyncio

async def child(name):
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError:
        print(name, "cancelled")
        raise

async def main():
    g = asyncio.gather(child("a"), child("b"))
    await asyncio.sleep(0.1)
    print("cancel returns", g.cancel("bye"))
    print("cancelled() right after:", g.cancelled())
    try:
        await g
    except asyncio.CancelledError as e:
        print("await raised CancelledError", e.args)
    print("outer.cancelled():", g.cancelled(), "done:", g.done())
    print("cancel again:", g.cancel())

asyncio.run(main())
