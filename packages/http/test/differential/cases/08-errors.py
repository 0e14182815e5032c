import asyncio, os, socket
import aiohttp

URL = os.environ["AIO_FIXTURE_URL"]

def short(s):
    return str(s).replace(URL, "<fixture>")

async def attempt(label, coro):
    try:
        print(label, "->", await coro)
    except Exception as e:
        print(label, type(e).__name__, short(e), isinstance(e, aiohttp.ClientError), isinstance(e, OSError))

async def text(session, url, **kw):
    async with session.get(url, **kw) as resp:
        return await resp.text()

async def main():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
    async with aiohttp.ClientSession() as session:
        try:
            await text(session, f"http://127.0.0.1:{port}/")
        except aiohttp.ClientConnectorError as e:
            print(type(e).__name__, str(e).replace(str(port), "PORT"), e.errno, e.host, e.port == port, isinstance(e, OSError))
        await attempt("unknown host", text(session, "http://nope.invalid/"))
        await attempt("disconnect", text(session, URL + "/close"))
        await attempt("short body", text(session, URL + "/short"))
        await attempt("raise_for_status", text(session, URL + "/status/404", raise_for_status=True))
        await attempt("no host", text(session, "nohost"))
        async with session.get(URL + "/status/503") as resp:
            try:
                resp.raise_for_status()
            except aiohttp.ClientResponseError as e:
                print(e.status, e.message, short(e.request_info.url), e.headers["Content-Type"], resp.closed)
    async with aiohttp.ClientSession(raise_for_status=True) as session:
        await attempt("session raise_for_status", text(session, URL + "/status/418"))
    await attempt("closed session", session.get(URL + "/text"))

asyncio.run(main())
