import asyncio
import types

@types.coroutine
def bad(value):
    yield value

async def main():
    for value in (42, "str"):
        try:
            await bad(value)
        except RuntimeError as e:
            print("RuntimeError:", e)
    fut = asyncio.get_running_loop().create_future()
    asyncio.get_running_loop().call_later(0.1, fut.set_result, "woken")
    print(await fut)

asyncio.run(main())
