import asyncio, os, sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import aiohttp
from aiohttp import web
from web_common import compact, serve, show

async def plain(request):
    return web.Response(text="<b>hi</b>", content_type="text/html")

async def latin(request):
    return web.Response(text="café", charset="latin-1")

async def raw(request):
    return web.Response(body=b"\x00\x01\x02", content_type="application/x-thing")

async def created(request):
    return web.json_response({"ok": True}, status=201, dumps=compact)

async def cookies(request):
    r = web.Response(text="cookies")
    r.set_cookie("session", "abc", httponly=True, max_age=60)
    r.set_cookie("odd", "a,b c")
    r.del_cookie("old")
    return r

async def stream(request):
    r = web.StreamResponse(headers={"Content-Type": "text/plain"})
    r.set_status(202)
    await r.prepare(request)
    for i in range(3):
        await r.write(f"part {i}\n".encode())
    await r.write_eof()
    return r

async def echo_cookies(request):
    return web.json_response(dict(sorted(request.cookies.items())), dumps=compact)

async def main():
    app = web.Application()
    for path, handler in [("/plain", plain), ("/latin", latin), ("/raw", raw), ("/created", created), ("/cookies", cookies), ("/stream", stream), ("/echo-cookies", echo_cookies)]:
        app.router.add_get(path, handler)
    runner, base = await serve(app)
    async with aiohttp.ClientSession() as s:
        for path in ["/plain", "/latin", "/raw", "/created", "/cookies", "/stream"]:
            await show(s, "GET", path, base)
        await show(s, "GET", "/echo-cookies", base, headers={"Cookie": "b=2; a=1; q=\"x y\""})
    await runner.cleanup()

asyncio.run(main())
