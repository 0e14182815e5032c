import asyncio, os
import aiohttp

URL = os.environ["AIO_FIXTURE_URL"]

async def attempt(label, coro):
    try:
        print(label, "->", await coro)
    except Exception as e:
        print(label, type(e).__name__, repr(str(e)), isinstance(e, asyncio.TimeoutError), isinstance(e, aiohttp.ClientError))

async def text(session, path, **kw):
    async with session.get(URL + path, **kw) as resp:
        return await resp.text()

async def main():
    async with aiohttp.ClientSession() as session:
        await attempt("total", text(session, "/slow?ms=400", timeout=aiohttp.ClientTimeout(total=0.1)))
        await attempt("total as a number", text(session, "/slow?ms=400", timeout=0.1))
        await attempt("sock_read, head", text(session, "/slow?ms=400", timeout=aiohttp.ClientTimeout(sock_read=0.1)))
        await attempt("sock_read, body", text(session, "/slow-body?ms=400", timeout=aiohttp.ClientTimeout(sock_read=0.1)))
        await attempt("in time", text(session, "/slow?ms=50", timeout=aiohttp.ClientTimeout(total=2, sock_read=1)))
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=0.1)) as session:
        await attempt("session total", text(session, "/slow?ms=400"))
        await attempt("request overrides", text(session, "/slow?ms=200", timeout=aiohttp.ClientTimeout(total=2)))

asyncio.run(main())
