import asyncio, os
import aiohttp

URL = os.environ["AIO_FIXTURE_URL"]

async def peak(session, n):
    async with session.get(URL + "/count/reset") as resp:
        await resp.read()
    async def one():
        async with session.get(URL + "/count") as resp:
            return int(await resp.text())
    return max(await asyncio.gather(*[one() for _ in range(n)]))

async def main():
    for limit in [1, 3, 5]:
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=limit)) as session:
            print("limit", limit, "peak", await peak(session, 8))
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0, limit_per_host=2)) as session:
        print("limit_per_host 2 peak", await peak(session, 6))
    connector = aiohttp.TCPConnector(limit=4, limit_per_host=3)
    print(connector.limit, connector.limit_per_host, connector.force_close, connector.closed)
    async with aiohttp.ClientSession(connector=connector) as session:
        print("limit 4, per host 3 peak", await peak(session, 6))
    print(connector.closed, session.closed)
    connector = aiohttp.TCPConnector()
    async with aiohttp.ClientSession(connector=connector, connector_owner=False) as session:
        print(connector.limit, connector.limit_per_host, "peak", await peak(session, 3))
    print(connector.closed, session.closed)
    await connector.close()
    print(connector.closed)

asyncio.run(main())
