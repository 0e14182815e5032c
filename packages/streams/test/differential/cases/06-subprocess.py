import asyncio, signal
from asyncio.subprocess import PIPE, STDOUT, DEVNULL

async def main():
    p = await asyncio.create_subprocess_exec("sh", "-c", "echo out; echo err >&2; exit 3", stdout=PIPE, stderr=PIPE)
    print("returncode before", p.returncode)
    out, err = await p.communicate()
    print(repr(out), repr(err), p.returncode)
    p = await asyncio.create_subprocess_shell("cat; echo done >&2", stdin=PIPE, stdout=PIPE, stderr=STDOUT)
    out, err = await p.communicate(b"hello\n" * 3)
    print(repr(out), err, p.returncode)
    p = await asyncio.create_subprocess_exec("sh", "-c", "read x; echo got $x", stdin=PIPE, stdout=PIPE)
    p.stdin.write(b"line\n")
    await p.stdin.drain()
    print(repr(await p.stdout.readline()), await p.wait())
    p = await asyncio.create_subprocess_exec("sleep", "30")
    p.terminate()
    print("terminated", await p.wait())
    p = await asyncio.create_subprocess_exec("sleep", "30")
    p.send_signal(signal.SIGKILL)
    print("killed", await p.wait())
    p = await asyncio.create_subprocess_exec("sleep", "0.2")
    try:
        await asyncio.wait_for(p.wait(), 0.01)
    except TimeoutError:
        print("timeout, still running:", p.returncode)
    print("then", await p.wait())
    try:
        await asyncio.create_subprocess_exec("no-such-program-aio")
    except FileNotFoundError as e:
        print(type(e).__name__, e)
    p = await asyncio.create_subprocess_shell("exit 7", stdout=DEVNULL)
    print(await p.communicate(), p.returncode)

asyncio.run(main())
