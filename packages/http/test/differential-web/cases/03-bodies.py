import asyncio, os, sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import aiohttp
from aiohttp import web
from web_common import compact, serve, show

async def echo_json(request):
    return web.json_response({"got": await request.json()}, dumps=compact)

async def form(request):
    data = await request.post()
    out = []
    for k, v in data.items():
        out.append([k, v if isinstance(v, str) else [v.filename, v.content_type, v.file.read().decode()]])
    return web.json_response(out, dumps=compact)

async def text(request):
    t = await request.text()
    return web.Response(text=f"{len(t)} characters, {request.content_type}, {request.charset}")

async def main():
    app = web.Application(client_max_size=1000)
    app.router.add_post("/json", echo_json)
    app.router.add_post("/form", form)
    app.router.add_post("/text", text)
    runner, base = await serve(app)
    async with aiohttp.ClientSession() as s:
        await show(s, "POST", "/json", base, json={"a": [1, "둘"]})
        await show(s, "POST", "/form", base, data={"name": "Ann", "age": "3"})
        fd = aiohttp.FormData()
        fd.add_field("name", "Bo")
        fd.add_field("upload", b"file body", filename="a.txt", content_type="text/plain")
        await show(s, "POST", "/form", base, data=fd)
        await show(s, "POST", "/text", base, data="파이썬".encode("utf-8"), headers={"Content-Type": "text/plain; charset=utf-8"})
        await show(s, "POST", "/text", base, data="café".encode("latin-1"), headers={"Content-Type": "text/plain; charset=latin-1"})
        await show(s, "POST", "/text", base, data="x" * 5000)
    await runner.cleanup()

asyncio.run(main())
