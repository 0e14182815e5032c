"""L2 (tools/bench/README.md) on CPython's logging: 200,000 records through a logger with a
'%(asctime)s %(levelname)s %(name)s %(message)s' format to a FileHandler, printing
RESULT L2 cpython-logging <median s> <ops> <ops/s> <peak RSS MB> key=value ...
Usage: python3 logging_bench.py [--quick]"""
import gc
import logging
import os
import resource
import statistics
import sys
import tempfile
import time

RECORDS = 200_000


def once(path, n):
    if os.path.exists(path):
        os.remove(path)
    handler = logging.FileHandler(path)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    log = logging.getLogger("bench.l2")
    log.propagate = False
    log.setLevel(logging.INFO)
    log.addHandler(handler)
    for i in range(n):
        log.info("request %d served in %s ms", i, 12.5)
    log.removeHandler(handler)
    handler.close()
    return n


def main():
    quick = "--quick" in sys.argv
    n = RECORDS // 10 if quick else RECORDS
    rounds = 3 if quick else 5
    directory = tempfile.mkdtemp(prefix="aio-bench-l2-py-")
    path = os.path.join(directory, "py.log")
    try:
        once(path, n)
        times = []
        for _ in range(rounds):
            gc.collect()
            t0 = time.perf_counter()
            once(path, n)
            times.append(time.perf_counter() - t0)
        times.sort()
        med = statistics.median(times)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"RESULT L2 cpython-logging {med:.4f} {n} {round(n / med)} {rss:.1f} "
            f"python={sys.version.split()[0]} spread={times[0]:.4f}..{times[-1]:.4f}",
            flush=True,
        )
    finally:
        if os.path.exists(path):
            os.remove(path)
        os.rmdir(directory)


if __name__ == "__main__":
    main()
