import asyncio, os, sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import aiohttp
from aiohttp import web
from web_common import serve, show

async def found(request):
    raise web.HTTPFound("/elsewhere")

async def bad(request):
    raise web.HTTPBadRequest(text="name is required")

async def empty(request):
    raise web.HTTPNoContent()

async def denied(request):
    raise web.HTTPUnauthorized(headers={"WWW-Authenticate": "Basic realm=x"})

async def teapot(request):
    raise web.HTTPForbidden(reason="Go Away")

async def boom(request):
    raise RuntimeError("kaput")

async def main():
    app = web.Application()
    for path, handler in [("/found", found), ("/bad", bad), ("/empty", empty), ("/denied", denied), ("/forbidden", teapot), ("/boom", boom)]:
        app.router.add_get(path, handler)
    runner, base = await serve(app)
    logging_off = __import__("logging")
    logging_off.getLogger("aiohttp.server").disabled = True
    async with aiohttp.ClientSession() as s:
        for path in ["/found", "/bad", "/empty", "/denied", "/forbidden", "/boom"]:
            await show(s, "GET", path, base)
        await show(s, "GET", "/boom", base, headers={"Accept": "text/html"})
    await runner.cleanup()

asyncio.run(main())
