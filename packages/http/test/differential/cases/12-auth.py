import asyncio, os
import aiohttp

URL = os.environ["AIO_FIXTURE_URL"]

async def authorization(session, url, **kw):
    async with session.get(url, **kw) as resp:
        return (await resp.json())["authorization"]

async def main():
    auth = aiohttp.BasicAuth("user", "p@ss wörd")
    print(auth.login, auth.password, auth.encoding, auth.encode())
    print(aiohttp.BasicAuth.decode(auth.encode()))
    async with aiohttp.ClientSession() as session:
        print(await authorization(session, URL + "/echo", auth=auth))
        print(await authorization(session, URL + "/echo"))
        host = URL.split("//")[1]
        print(await authorization(session, f"http://ann:secret@{host}/echo"))
        print(await authorization(session, URL + "/redirect/1", auth=aiohttp.BasicAuth("bo", "x")))
        try:
            await authorization(session, f"http://ann:secret@{host}/echo", auth=auth)
        except ValueError as e:
            print(type(e).__name__, e)
    async with aiohttp.ClientSession(auth=aiohttp.BasicAuth("session", "pw")) as session:
        print(await authorization(session, URL + "/echo"))
        try:
            await authorization(session, URL + "/echo", headers={"Authorization": "Bearer token"})
        except ValueError as e:
            print(type(e).__name__, e)
    for bad in [lambda: aiohttp.BasicAuth(None), lambda: aiohttp.BasicAuth("a:b", "c"), lambda: aiohttp.BasicAuth.decode("Bearer x"), lambda: aiohttp.BasicAuth.decode("Basic !!!")]:
        try:
            bad()
        except ValueError as e:
            print(type(e).__name__, e)

asyncio.run(main())
