import asyncio, os
import aiohttp

URL = os.environ["AIO_FIXTURE_URL"]

async def main():
    async with aiohttp.ClientSession() as session:
        async with session.get(URL + "/json") as resp:
            data = await resp.json()
            print(data["name"], data["list"], data["nested"]["ok"])
        async with session.get(URL + "/html") as resp:
            try:
                await resp.json()
            except aiohttp.ContentTypeError as e:
                print(type(e).__name__, isinstance(e, aiohttp.ClientResponseError), e.message)
            print(await resp.json(content_type=None) if False else "skipped")
        async with session.get(URL + "/json") as resp:
            print((await resp.json(content_type=None))["list"])

asyncio.run(main())
