import asyncio, os
import aiohttp

URL = os.environ["AIO_FIXTURE_URL"]

def short(u):
    return str(u).replace(URL, "<fixture>")

async def main():
    async with aiohttp.ClientSession() as session:
        async with session.get(URL + "/redirect/3") as resp:
            print(resp.status, [h.status for h in resp.history], [short(h.url) for h in resp.history], short(resp.url))
        async with session.post(URL + "/see-other", data="payload") as resp:
            echo = await resp.json()
            print(echo["method"], echo["query"], repr(echo["body"]))
        async with session.post(URL + "/temporary", data="payload") as resp:
            echo = await resp.json()
            print(echo["method"], echo["query"], repr(echo["body"]))
        async with session.get(URL + "/redirect/2", allow_redirects=False) as resp:
            print(resp.status, resp.headers["Location"], len(resp.history))
        for kwargs in [{}, {"max_redirects": 4}]:
            try:
                await session.get(URL + "/loop", **kwargs)
            except aiohttp.TooManyRedirects as e:
                print(type(e).__name__, len(e.history), short(e))

asyncio.run(main())
