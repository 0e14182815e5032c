import asyncio, os
import aiohttp

URL = os.environ["AIO_FIXTURE_URL"]

async def cookie_header(session, path="/echo"):
    async with session.get(URL + path) as resp:
        return (await resp.json())["cookie"]

async def main():
    async with aiohttp.ClientSession() as session:
        async with session.get(URL + "/cookies/set?a=1") as resp:
            print(sorted(resp.cookies.keys()), resp.cookies["a"].value)
        print("default jar, IP host:", await cookie_header(session), len(session.cookie_jar))
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as session:
        async with session.get(URL + "/cookies/set?a=1&b=two") as resp:
            pass
        print("unsafe jar:", await cookie_header(session), len(session.cookie_jar))
        async with session.get(URL + "/cookies/expire?name=a") as resp:
            pass
        print("after expiry:", await cookie_header(session))
        async with session.get(URL + "/echo", cookies={"extra": "x"}) as resp:
            print("request cookies:", (await resp.json())["cookie"])
        print(sorted(c.key for c in session.cookie_jar))
        session.cookie_jar.clear()
        print("cleared:", await cookie_header(session))
    async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar(), cookies={"s": "1"}) as session:
        await session.get(URL + "/cookies/set?a=1")
        print("dummy:", await cookie_header(session))

asyncio.run(main())
