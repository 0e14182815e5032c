import asyncio
import logging
import io

buf = io.StringIO()
h = logging.StreamHandler(buf)
h.setFormatter(logging.Formatter("%(taskName)s %(levelname)s %(message)s"))
log = logging.getLogger("tasks")
log.addHandler(h)
log.setLevel(logging.INFO)
log.propagate = False


async def worker(n):
    log.info("worker %d starts", n)
    await asyncio.sleep(0.1 * n)
    log.info("worker %d done", n)


async def main():
    log.info("main starts")
    await asyncio.gather(worker(1), worker(2), asyncio.create_task(worker(3), name="third"))
    log.info("main ends")


log.info("before the loop")
asyncio.run(main())
log.info("after the loop")
for line in buf.getvalue().splitlines():
    print(line)
