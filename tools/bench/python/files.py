"""F1 (tools/bench/README.md) on Python: aiofiles (the asyncio baseline) and plain synchronous files, printing
RESULT <workload> <impl> <median s> <ops> <ops/s> <peak RSS MB> key=value ...
Usage: /usr/bin/python3 files.py <F1w|F1r|F1lines> [--quick]  (needs aiofiles: Debian's python3-aiofiles)

aiofiles makes one trip to a thread per line, about two minutes for F1lines: it counts the lines of
a 1 MiB sample of the same kind and the time is scaled up (extrapolated_from=… says so)."""
import asyncio
import gc
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time

import aiofiles

TOTAL, CHUNK, LINES = 200 * 1024 * 1024, 64 * 1024, 50 * 1024 * 1024


def rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def prng(seed):
    """mulberry32, as tools/bench/src/workloads/types.ts: the same lines as the Node side."""
    state = [seed & 0xFFFFFFFF]

    def imul(a, b):
        return (a * b) & 0xFFFFFFFF

    def nxt():
        state[0] = (state[0] + 0x6D2B79F5) & 0xFFFFFFFF
        t = state[0]
        t = imul(t ^ (t >> 15), t | 1)
        t ^= (t + imul(t ^ (t >> 7), t | 61)) & 0xFFFFFFFF
        return ((t ^ (t >> 14)) & 0xFFFFFFFF) / 4294967296

    return nxt


def lines_file(directory, size):
    path = os.path.join(directory, f"lines-{size}.txt")
    rnd = prng(1)
    parts, nbytes, n = [], 0, 0
    while nbytes < size:
        line = f"line {n} {'x' * int(rnd() * 20)}\n"
        parts.append(line)
        nbytes += len(line)
        n += 1
    with open(path, "w") as f:
        f.write("".join(parts))
    return path, n


def big_file(directory, size):
    path = os.path.join(directory, "big.bin")
    block = b"a" * (CHUNK * 64)
    with open(path, "wb") as f:
        for done in range(0, size, len(block)):
            f.write(block[: min(len(block), size - done)])
    return path


async def aio_write(path, n):
    chunk = b"b" * CHUNK
    async with aiofiles.open(path, "wb") as f:
        for _ in range(n):
            await f.write(chunk)
    return n


async def aio_read(path):
    total = 0
    async with aiofiles.open(path, "rb") as f:
        while True:
            data = await f.read(CHUNK)
            if not data:
                return total // CHUNK
            total += len(data)


async def aio_lines(path):
    n = 0
    async with aiofiles.open(path) as f:
        async for _ in f:
            n += 1
    return n


def sync_write(path, n):
    chunk = b"b" * CHUNK
    with open(path, "wb") as f:
        for _ in range(n):
            f.write(chunk)
    return n


def sync_read(path):
    total = 0
    with open(path, "rb") as f:
        while True:
            data = f.read(CHUNK)
            if not data:
                return total // CHUNK
            total += len(data)


def sync_lines(path):
    n = 0
    with open(path) as f:
        for _ in f:
            n += 1
    return n


def measure(workload, impl, fn, rounds, scale_up=1.0, extra=None):
    fn()  # warm-up
    times = []
    for _ in range(rounds):
        gc.collect()
        t0 = time.perf_counter()
        ops = fn()
        times.append((time.perf_counter() - t0) * scale_up)
    times.sort()
    med = statistics.median(times)
    extra = dict(extra or {})
    extra["spread"] = f"{times[0]:.4f}..{times[-1]:.4f}"
    kv = " ".join(f"{k}={v}" for k, v in extra.items())
    ops = round(ops * scale_up)
    print(f"RESULT {workload} {impl} {med:.4f} {ops} {round(ops / med)} {rss_mb():.1f} {kv}", flush=True)


def main():
    workload = sys.argv[1]
    scale = 0.1 if "--quick" in sys.argv else 1
    rounds = 3 if "--quick" in sys.argv else 5
    directory = tempfile.mkdtemp(prefix="aio-bench-f1-py-")
    try:
        if workload == "F1w":
            n = round(TOTAL * scale / CHUNK)
            path = os.path.join(directory, "w.bin")
            measure(workload, "cpython-aiofiles", lambda: asyncio.run(aio_write(path, n)), rounds)
            measure(workload, "cpython-sync", lambda: sync_write(path, n), rounds)
        elif workload == "F1r":
            path = big_file(directory, round(TOTAL * scale / CHUNK) * CHUNK)
            measure(workload, "cpython-aiofiles", lambda: asyncio.run(aio_read(path)), rounds)
            measure(workload, "cpython-sync", lambda: sync_read(path), rounds)
        elif workload == "F1lines":
            path, lines = lines_file(directory, round(LINES * scale))
            sample_size = 1024 * 1024
            sample, _ = lines_file(directory, sample_size)
            factor = LINES * scale / sample_size
            measure(workload, "cpython-aiofiles", lambda: asyncio.run(aio_lines(sample)), 1, factor,
                    {"extrapolated_from": "1MiB"})
            measure(workload, "cpython-sync", lambda: sync_lines(path), rounds, 1.0, {"lines": lines})
        else:
            sys.exit(f"no workload {workload}")
    finally:
        shutil.rmtree(directory)


if __name__ == "__main__":
    main()
