"""The bench workloads (tools/bench/README.md) on CPython's asyncio (and uvloop, when installed), printing
RESULT <workload> <impl> <median s> <ops> <ops/s> <peak RSS MB> key=value ...
Usage: python3 bench.py <workload> [--quick] [--uvloop]"""
import asyncio
import gc
import hashlib
import random
import resource
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

SIZES = dict(W1=100_000, W2=200_000, W3a=1_000_000, W3b=1_000_000, W4=100_000, W5=500_000,
             W6=10_000, W6depth=100, W7outer=1_000, W7inner=100, W8=100_000, W9=100_000,
             X1jobs=32, X1iterations=200_000)


def rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize()


async def child(i):
    await asyncio.sleep(0)
    return i


async def w1(scale):
    n = round(SIZES["W1"] * scale)
    results = await asyncio.gather(*[asyncio.create_task(child(i)) for i in range(n)])
    assert sum(results) == n * (n - 1) // 2
    return n, {}


async def w2(scale):
    n = round(SIZES["W2"] * scale)
    loop = asyncio.get_running_loop()
    box = {"to_pong": loop.create_future(), "to_ping": loop.create_future()}

    async def pinger():
        for i in range(n):
            f = box["to_pong"]
            box["to_ping"] = loop.create_future()
            f.set_result(i)
            await box["to_ping"]

    async def ponger():
        for i in range(n):
            v = await box["to_pong"]
            box["to_pong"] = loop.create_future()
            box["to_ping"].set_result(v)

    await asyncio.gather(ponger(), pinger())
    return n, {}


async def w3a(scale):
    n = round(SIZES["W3a"] * scale)
    loop = asyncio.get_running_loop()
    done = loop.create_future()
    count = [0]

    def nxt():
        count[0] += 1
        if count[0] < n:
            loop.call_soon(nxt)
        else:
            done.set_result(None)

    loop.call_soon(nxt)
    await done
    return n, {}


async def w3b(scale):
    n = round(SIZES["W3b"] * scale)
    loop = asyncio.get_running_loop()
    done = loop.create_future()
    count = [0]

    def cb():
        count[0] += 1
        if count[0] == n:
            done.set_result(None)

    for _ in range(n):
        loop.call_soon(cb)
    await done
    return n, {}


async def w4(scale):
    n = round(SIZES["W4"] * scale)
    rnd = random.Random(42)
    loop = asyncio.get_running_loop()
    over = [0.0]

    async def sleeper(d):
        t0 = loop.time()
        await asyncio.sleep(d)
        over[0] += loop.time() - t0 - d

    await asyncio.gather(*[sleeper(rnd.random() * 0.01) for _ in range(n)])
    return n, {"mean_overshoot_ms": f"{over[0] / n * 1000:.2f}"}


async def w5(scale):
    n = round(SIZES["W5"] * scale)
    q = asyncio.Queue(maxsize=100)
    counts = [0, 0, 0, 0]

    async def consumer(k):
        while True:
            item = await q.get()
            if item < 0:
                return
            counts[k] += 1

    cs = [asyncio.create_task(consumer(k)) for k in range(4)]
    for i in range(n):
        await q.put(i)
    for _ in range(4):
        await q.put(-1)
    await asyncio.gather(*cs)
    assert sum(counts) == n
    return n, {"split": "/".join(map(str, counts))}


async def chain(depth, suspend):
    if depth == 0:
        if suspend:
            await asyncio.sleep(0)
        return 1
    return await chain(depth - 1, suspend) + 1


async def w6a(scale):
    n = round(SIZES["W6"] * scale)
    for _ in range(n):
        await chain(SIZES["W6depth"], False)
    return n, {}


async def w6b(scale):
    n = round(SIZES["W6"] * scale)
    for _ in range(n):
        await chain(SIZES["W6depth"], True)
    return n, {}


async def w7(scale):
    outer = round(SIZES["W7outer"] * scale)

    async def inner():
        return await asyncio.gather(*[child(i) for i in range(SIZES["W7inner"])])

    await asyncio.gather(*[inner() for _ in range(outer)])
    return outer * SIZES["W7inner"], {}


async def w8(scale):
    n = round(SIZES["W8"] * scale)
    never = asyncio.get_running_loop().create_future()

    async def blocked():
        await never

    tasks = [asyncio.create_task(blocked()) for _ in range(n)]
    await asyncio.sleep(0)
    for t in tasks:
        t.cancel()
    results = await asyncio.gather(*tasks, return_exceptions=True)
    assert sum(isinstance(r, asyncio.CancelledError) for r in results) == n
    never.cancel()
    return n, {}


async def w9(scale):
    n = round(SIZES["W9"] * scale)
    ev = asyncio.Event()
    gc.collect()
    before = current_rss()
    tasks = [asyncio.create_task(ev.wait()) for _ in range(n)]
    await asyncio.sleep(0)
    gc.collect()
    per = (current_rss() - before) / n
    ev.set()
    await asyncio.gather(*tasks)
    return n, {"bytes_per_task": round(per)}


async def l1(scale):
    per = round(50_000 * scale)
    lock = asyncio.Lock()
    total = [0]

    async def worker():
        for _ in range(per):
            async with lock:
                total[0] += 1
                await asyncio.sleep(0)

    await asyncio.gather(worker(), worker(), worker(), worker())
    assert total[0] == per * 4
    return per * 4, {}

def iterated_sha256(seed, iterations):
    digest = bytes([seed % 256]) * 32
    for _ in range(iterations):
        digest = hashlib.sha256(digest).digest()
    return digest.hex()


def x1(kind, scale):
    jobs, iterations = SIZES["X1jobs"], round(SIZES["X1iterations"] * scale)
    if kind == "seq":
        for j in range(jobs):
            iterated_sha256(j, iterations)
    else:
        cls = ThreadPoolExecutor if kind == "threads" else ProcessPoolExecutor
        with cls(max_workers=2) as ex:
            list(ex.map(iterated_sha256, range(jobs), [iterations] * jobs))
    return jobs, {}


ASYNC = {"W1": w1, "W2": w2, "W3a": w3a, "W3b": w3b, "W4": w4, "W5": w5, "W6a": w6a, "W6b": w6b,
         "W7": w7, "W8": w8, "W9": w9, "L1": l1}


def main():
    workload = sys.argv[1]
    quick = "--quick" in sys.argv
    if workload.startswith("X1"):
        scale = 0.05 if quick else 1
        for kind in ("seq", "threads", "processes"):
            x1(kind, 0.02)
            t0 = time.perf_counter()
            ops, extra = x1(kind, scale)
            dt = time.perf_counter() - t0
            print(f"RESULT X1 cpython-{kind} {dt:.4f} {ops} {round(ops / dt)} {rss_mb():.1f}", flush=True)
        return
    impls = [("cpython-asyncio", None)]
    if "--uvloop" in sys.argv:
        try:
            import uvloop
            impls.append(("uvloop", uvloop.new_event_loop))
        except ImportError:
            pass
    scale = 0.1 if quick else 1
    rounds = 3 if quick else 5
    fn = ASYNC[workload]
    for name, factory in impls:
        def once():
            return asyncio.run(fn(scale)) if factory is None else asyncio.Runner(loop_factory=factory).run(fn(scale))
        asyncio.run(fn(scale)) if factory is None else None
        times = []
        for _ in range(rounds):
            gc.collect()
            t0 = time.perf_counter()
            ops, extra = once()
            times.append(time.perf_counter() - t0)
        times.sort()
        med = statistics.median(times)
        extra["spread"] = f"{times[0]:.4f}..{times[-1]:.4f}"
        kv = " ".join(f"{k}={v}" for k, v in extra.items())
        print(f"RESULT {workload} {name} {med:.4f} {ops} {round(ops / med)} {rss_mb():.1f} {kv}", flush=True)


if __name__ == "__main__":
    main()
