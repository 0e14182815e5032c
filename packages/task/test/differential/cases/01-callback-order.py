import asyncio

async def main():
    loop = asyncio.get_running_loop()
    def chain():
        print("chain")
        loop.call_soon(print, "soon-from-chain")
        loop.call_later(0, print, "later(0)-from-chain")
    loop.call_later(0, print, "later(0)")
    loop.call_soon(print, "soon1")
    loop.call_soon(chain)
    h = loop.call_soon(print, "cancelled")
    h.cancel()
    await asyncio.sleep(0.05)
    print("done")

asyncio.run(main())
