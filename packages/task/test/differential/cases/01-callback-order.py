import asyncio

async def main():
    loop = asyncio.get_running_loop()
    # main waits for the last callback, not for a timer: a stall of the machine cannot reorder it.
    finished = loop.create_future()
    def last():
        print("later(0)-from-chain")
        finished.set_result(None)
    def chain():
        print("chain")
        loop.call_soon(print, "soon-from-chain")
        loop.call_later(0, last)
    loop.call_later(0, print, "later(0)")
    loop.call_soon(print, "soon1")
    loop.call_soon(chain)
    h = loop.call_soon(print, "cancelled")
    h.cancel()
    await finished
    print("done")

asyncio.run(main())
