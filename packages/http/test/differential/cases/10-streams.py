import asyncio, os
import aiohttp

URL = os.environ["AIO_FIXTURE_URL"]

async def main():
    async with aiohttp.ClientSession() as session:
        async with session.get(URL + "/lines") as resp:
            print(await resp.content.read(5), await resp.content.readline(), await resp.content.readexactly(6))
            print(await resp.content.readline(), await resp.content.read(), resp.content.at_eof())
        async with session.get(URL + "/lines") as resp:
            print([line async for line in resp.content])
        async with session.get(URL + "/bytes/1000") as resp:
            sizes = [len(c) async for c in resp.content.iter_chunked(300)]
            print(sizes)
        async with session.get(URL + "/bytes/10") as resp:
            try:
                await resp.content.readexactly(20)
            except asyncio.IncompleteReadError as e:
                print(type(e).__name__, e, len(e.partial), e.expected)
        async with session.get(URL + "/lines") as resp:
            total = 0
            async for chunk in resp.content.iter_any():
                total += len(chunk)
            print(total)

asyncio.run(main())
