import asyncio, os, sys, tempfile, re
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import aiohttp
from aiohttp import web
from web_common import compact

@web.middleware
async def stamp(request, handler):
    try:
        resp = await handler(request)
    except web.HTTPNotFound:
        return web.json_response({"error": "nothing at " + request.path}, status=404, dumps=compact)
    resp.headers["X-Mw"] = "1"
    return resp

async def hello(request):
    return web.Response(text="hello")

async def main():
    d = tempfile.mkdtemp()
    os.makedirs(os.path.join(d, "sub"))
    with open(os.path.join(d, "a.txt"), "w") as f:
        f.write("0123456789")
    with open(os.path.join(d, "page.html"), "w") as f:
        f.write("<p>x</p>")
    app = web.Application(middlewares=[stamp])
    app.router.add_get("/hello", hello)
    app.router.add_static("/files", d)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    base = f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}"
    keep = {"Content-Type", "Content-Length", "Content-Range", "Accept-Ranges", "X-Mw"}
    async with aiohttp.ClientSession() as s:
        for path, headers in [("/hello", {}), ("/files/a.txt", {}), ("/files/page.html", {}), ("/files/a.txt", {"Range": "bytes=2-4"}), ("/files/a.txt", {"Range": "bytes=20-"}), ("/files/sub", {}), ("/files/nope.txt", {}), ("/nowhere", {})]:
            async with s.get(base + path, headers=headers) as r:
                body = await r.read()
                shown = sorted(f"{k}: {v}" for k, v in r.headers.items() if k in keep)
                etag = r.headers.get("ETag")
                print(path, headers.get("Range", ""), r.status, shown, bool(etag and re.fullmatch(r'"[0-9a-f]+-[0-9a-f]+"', etag)), "Last-Modified" in r.headers)
                print("  ", repr(body.decode()))
    await runner.cleanup()

asyncio.run(main())
