import asyncio

loop = asyncio.new_event_loop()
print(loop.is_running(), loop.is_closed())
loop.call_soon(print, "first iteration")
loop.call_soon(loop.stop)
loop.call_soon(lambda: loop.call_soon(print, "scheduled during the stopping iteration"))
loop.run_forever()
print("stopped; running:", loop.is_running())
loop.stop()
loop.run_forever()
print("stop() before run_forever runs one iteration")
loop.call_later(0.1, loop.stop)
t0 = loop.time()
loop.run_forever()
print(f"stopped by timer after {loop.time() - t0:.1f}")
async def answer():
    return 42
print(loop.run_until_complete(answer()))
loop.close()
loop.close()
for call in (lambda: loop.call_soon(print), lambda: loop.run_forever()):
    try:
        call()
    except RuntimeError as e:
        print("RuntimeError:", e)
print(loop.is_closed())
