import asyncio
import contextvars

request_id = contextvars.ContextVar("request_id", default="-")

async def handler(rid, d):
    request_id.set(rid)
    await asyncio.sleep(d)
    print("handler", rid, "sees", request_id.get())

async def main():
    print("main sees", request_id.get())
    request_id.set("main")
    await asyncio.gather(handler("r1", 0.2), handler("r2", 0.1))
    print("main still sees", request_id.get())
    loop = asyncio.get_running_loop()
    ctx = contextvars.copy_context()
    ctx.run(request_id.set, "in ctx")
    loop.call_soon(lambda: print("callback sees", request_id.get()), context=ctx)
    loop.call_soon(lambda: print("plain callback sees", request_id.get()))
    await asyncio.sleep(0)

runner = asyncio.Runner()
runner.run(main())
runner.run(asyncio.sleep(0))
async def show():
    print("second run sees", request_id.get())
runner.run(show())
runner.close()
print("outside sees", request_id.get())
