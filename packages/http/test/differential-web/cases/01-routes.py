import asyncio, os, sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import aiohttp
from aiohttp import web
from web_common import compact, serve, show

async def hello(request):
    return web.Response(text="Hello, world")

async def user(request):
    return web.json_response({"id": request.match_info["id"], "tags": request.query.getall("tag", [])}, dumps=compact)

async def tail(request):
    return web.Response(text=request.match_info["tail"])

async def double(request):
    return web.Response(text=str(int(request.match_info["n"]) * 2))

async def made(request):
    return web.Response(status=201, text="made")

async def main():
    app = web.Application()
    app.router.add_get("/", hello)
    app.router.add_get("/users/{id}", user, name="user")
    app.router.add_post("/users/{id}", made)
    app.router.add_get("/files/{tail:.*}", tail)
    app.router.add_get("/n/{n:\\d+}", double)
    runner, base = await serve(app)
    async with aiohttp.ClientSession() as s:
        await show(s, "GET", "/", base)
        await show(s, "HEAD", "/", base)
        await show(s, "GET", "/users/%ED%8C%8C?tag=a&tag=b", base)
        await show(s, "POST", "/users/7", base)
        await show(s, "DELETE", "/users/7", base)
        await show(s, "GET", "/files/a/b/c.txt", base)
        await show(s, "GET", "/n/21", base)
        await show(s, "GET", "/n/x", base)
        await show(s, "GET", "/nope", base)
        await show(s, "PUT", "/", base)
    print(app.router["user"].url_for(id="7"))
    await runner.cleanup()

asyncio.run(main())
