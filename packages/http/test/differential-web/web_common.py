import aiohttp
from aiohttp import web

# Date and Server differ by nature; Connection and Keep-Alive are node:http's transport headers on
# kept-alive connections (HTTP/1.1's default either way).
SKIP = {"Date", "Server", "Connection", "Keep-Alive"}

async def serve(app):
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    return runner, f"http://127.0.0.1:{port}"

async def show(session, method, url, base, **kw):
    async with session.request(method, base + url, allow_redirects=False, **kw) as r:
        body = await r.read()
        headers = [f"{k}: {v}" for k, v in r.headers.items() if k not in SKIP and k != "Content-Length"]
        print(method, url, r.status, repr(r.reason), r.headers.get("Content-Length"), headers)
        print("  ", repr(body.decode("utf-8", "replace")))

import json

def compact(obj):
    """JSON as JSON.stringify writes it (the TypeScript side's documented default)."""
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False)
