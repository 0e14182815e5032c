import asyncio, os
import aiohttp

URL = os.environ["AIO_FIXTURE_URL"]

async def main():
    async with aiohttp.ClientSession(base_url=URL) as session:
        for params in [{"q": "한 글", "n": "1"}, [("k", "a"), ("k", "b")], {"sym": "a&b=c/d?"}]:
            async with session.get("/echo", params=params) as resp:
                print((await resp.json())["query"])
        async with session.get("/echo?x=1", params={"y": "2"}) as resp:
            print((await resp.json())["query"])

asyncio.run(main())
