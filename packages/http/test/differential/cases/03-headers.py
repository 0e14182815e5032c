import asyncio, os
import aiohttp

URL = os.environ["AIO_FIXTURE_URL"]

async def main():
    async with aiohttp.ClientSession(headers={"X-Session": "s1"}) as session:
        async with session.get(URL + "/headers") as resp:
            print(resp.headers.getall("X-Multi"), resp.headers.get("x-multi"), resp.headers["X-SINGLE"])
            print("X-Multi" in resp.headers, "x-missing" in resp.headers, resp.headers.get("x-missing", "default"))
            print([k for k in resp.headers.keys()])
            print(resp.headers.get("Content-Length"), resp.content_length)

asyncio.run(main())
