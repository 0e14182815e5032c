import asyncio, os
import aiohttp

URL = os.environ["AIO_FIXTURE_URL"]

def show(echo):
    print(echo["method"], echo["contentType"], repr(echo["body"]), echo["form"], echo["chunked"])

async def main():
    async with aiohttp.ClientSession() as session:
        async with session.post(URL + "/echo", json={"a": [1, "b"]}) as resp:
            echo = await resp.json()
            print(echo["contentType"], __import__("json").loads(echo["body"]))
        async with session.post(URL + "/echo", data="plain 텍스트") as resp:
            show(await resp.json())
        async with session.post(URL + "/echo", data=b"\x00\x01bytes") as resp:
            show(await resp.json())
        async with session.post(URL + "/echo", data={"name": "Ann", "age": "3"}) as resp:
            show(await resp.json())
        form = aiohttp.FormData()
        form.add_field("name", "Bo")
        form.add_field("file", b"file body", filename="a.txt", content_type="text/plain")
        async with session.post(URL + "/echo", data=form) as resp:
            show(await resp.json())
        async def chunks():
            yield b"chunk1,"
            yield b"chunk2"
        async with session.post(URL + "/echo", data=chunks()) as resp:
            show(await resp.json())
        async with session.put(URL + "/echo", data="put") as resp:
            show(await resp.json())
        for method in ["patch", "delete", "options"]:
            async with getattr(session, method)(URL + "/echo") as resp:
                print((await resp.json())["method"])
        async with session.head(URL + "/echo") as resp:
            print(resp.status, resp.method, repr(await resp.read()))
        try:
            await session.post(URL + "/echo", data="a", json={})
        except ValueError as e:
            print(type(e).__name__, e)

asyncio.run(main())
