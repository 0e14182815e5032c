import asyncio, os
import aiohttp

URL = os.environ["AIO_FIXTURE_URL"]

async def main():
    async with aiohttp.ClientSession() as session:
        for path in ["/gzip", "/deflate", "/text"]:
            async with session.get(URL + path) as resp:
                text = await resp.text()
                print(path, resp.status, resp.headers.get("Content-Encoding"), len(text), repr(text.splitlines()[0]))
        async with session.get(URL + "/gzip") as resp:
            first = await resp.content.readline()
            rest = await resp.content.read()
            print(repr(first.decode()), len(rest))
    async with aiohttp.ClientSession(auto_decompress=False) as session:
        async with session.get(URL + "/gzip") as resp:
            raw = await resp.read()
            print("raw", resp.headers.get("Content-Encoding"), raw[:2].hex(), len(raw) == int(resp.headers["Content-Length"]))

asyncio.run(main())
