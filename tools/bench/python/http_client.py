"""H2 (tools/bench/README.md) on Python (not http.py: that name would shadow the standard library's http): aiohttp's client (the asyncio baseline), 10,000 GETs with at most 64 in
flight against the same local node:http server the Node side uses (its URL is the first argument),
printing RESULT <workload> <impl> <median s> <ops> <ops/s> <peak RSS MB> key=value ...
Usage: /usr/bin/python3 http_client.py <url> [--quick]  (needs aiohttp: Debian's python3-aiohttp)"""
import asyncio
import gc
import resource
import statistics
import sys
import time

import aiohttp

REQUESTS, IN_FLIGHT = 10_000, 64


def rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def h2(url, n):
    done = 0
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=IN_FLIGHT)) as session:
        async def worker():
            nonlocal done
            while done < n:
                done += 1
                async with session.get(url) as resp:
                    body = await resp.read()
                    if len(body) != 21:
                        raise RuntimeError(f"H2: a body of {len(body)} bytes, expected 21")
        await asyncio.gather(*[worker() for _ in range(IN_FLIGHT)])


def main():
    url = sys.argv[1] + "/"
    quick = "--quick" in sys.argv
    n = REQUESTS // 10 if quick else REQUESTS
    rounds = 3 if quick else 5
    asyncio.run(h2(url, n))  # warm-up
    times = []
    for _ in range(rounds):
        gc.collect()
        t0 = time.perf_counter()
        asyncio.run(h2(url, n))
        times.append(time.perf_counter() - t0)
    med = statistics.median(times)
    print(
        f"RESULT H2 aiohttp {med:.4f} {n} {round(n / med)} {rss_mb():.1f} "
        f"how=aiohttp-{aiohttp.__version__} spread={min(times):.4f}..{max(times):.4f}",
        flush=True,
    )


main()
