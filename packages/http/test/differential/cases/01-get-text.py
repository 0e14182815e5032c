import asyncio, os
import aiohttp

URL = os.environ["AIO_FIXTURE_URL"]

def short(u):
    return str(u).replace(URL, "<fixture>")

async def main():
    async with aiohttp.ClientSession() as session:
        for path in ["/text", "/text?charset=utf-8", "/latin1", "/nocharset", "/reason", "/status/404", "/status/500"]:
            async with session.get(URL + path) as resp:
                text = await resp.text()
                print(resp.status, repr(resp.reason), resp.ok, resp.content_type, resp.charset, repr(text), short(resp.url))
        async with session.get(URL + "/text") as resp:
            print(repr(await resp.read()))
            print(len(await resp.text()))
        resp = await session.get(URL + "/bytes/10")
        print(resp.status, await resp.read())
        resp.release()

asyncio.run(main())
