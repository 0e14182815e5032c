"""S1 and S2 (tools/bench/README.md) on Python's asyncio (and uvloop with --uvloop), printing
RESULT <workload> <impl> <median s> <ops> <ops/s> <peak RSS MB> key=value ...
Usage: /usr/bin/python3 streams.py <S1|S2> [--uvloop] [--quick]  (Debian's python3 has python3-uvloop)

S1: a server echoes what it reads; 64 clients each send 1 KiB and read the 1 KiB back, 500 times.
S2: 500 x create_subprocess_exec("true") + wait(), 8 at a time."""
import asyncio
import gc
import resource
import statistics
import sys
import time

CONNECTIONS, ROUND_TRIPS, SIZE = 64, 500, 1024
CHILDREN, AT_ONCE = 500, 8


def rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def s1(scale):
    trips = max(1, round(ROUND_TRIPS * scale))
    message = b"a" * SIZE

    async def echo(reader, writer):
        while True:
            data = await reader.read(65536)
            if not data:
                break
            writer.write(data)
            await writer.drain()
        writer.close()

    server = await asyncio.start_server(echo, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]

    async def client():
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        for _ in range(trips):
            writer.write(message)
            back = await reader.readexactly(SIZE)
            assert len(back) == SIZE
        writer.close()
        await writer.wait_closed()

    await asyncio.gather(*(client() for _ in range(CONNECTIONS)))
    server.close()
    await server.wait_closed()
    return trips * CONNECTIONS


async def s2(scale):
    n = max(1, round(CHILDREN * scale))
    slots = asyncio.Semaphore(AT_ONCE)

    async def one():
        async with slots:
            proc = await asyncio.create_subprocess_exec("true")
            code = await proc.wait()
            assert code == 0, code

    await asyncio.gather(*(one() for _ in range(n)))
    return n


def main():
    workload = sys.argv[1]
    quick = "--quick" in sys.argv
    scale = 0.1 if quick else 1
    rounds = 3 if quick else 5
    impls = [("cpython-asyncio", None)]
    if "--uvloop" in sys.argv:
        try:
            import uvloop

            impls.append(("uvloop", uvloop.new_event_loop))
        except ImportError:
            pass
    fn = {"S1": s1, "S2": s2}[workload]
    for impl, factory in impls:
        def once():
            loop = factory() if factory else asyncio.new_event_loop()
            try:
                return loop.run_until_complete(fn(scale))
            finally:
                loop.close()

        once()  # warm-up
        times = []
        ops = 0
        for _ in range(rounds):
            gc.collect()
            t0 = time.perf_counter()
            ops = once()
            times.append(time.perf_counter() - t0)
        times.sort()
        med = statistics.median(times)
        print(
            f"RESULT {workload} {impl} {med:.4f} {ops} {round(ops / med)} {rss_mb():.1f} "
            f"python={sys.version.split()[0]} spread={times[0]:.4f}..{times[-1]:.4f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
