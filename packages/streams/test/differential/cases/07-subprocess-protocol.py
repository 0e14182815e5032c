import asyncio, sys

class Collect(asyncio.SubprocessProtocol):
    def __init__(self, done):
        self.done = done
        self.events = []
        self.out = {1: b"", 2: b""}
        self.transport = None

    def connection_made(self, transport):
        self.transport = transport
        self.events.append("connection_made")

    def pipe_data_received(self, fd, data):
        self.out[fd] += data

    def pipe_connection_lost(self, fd, exc):
        self.events.append(f"pipe_connection_lost {fd} {exc}")

    def process_exited(self):
        self.events.append(f"process_exited {self.transport.get_returncode()}")

    def connection_lost(self, exc):
        self.events.append(f"connection_lost {exc}")
        self.done.set_result(None)

async def main():
    loop = asyncio.get_running_loop()
    done = loop.create_future()
    transport, protocol = await loop.subprocess_exec(
        lambda: Collect(done), "sh", "-c", "cat; echo err >&2; exit 5")
    print("pid > 0:", transport.get_pid() > 0, "returncode:", transport.get_returncode())
    stdin = transport.get_pipe_transport(0)
    print("pipes:", [transport.get_pipe_transport(fd) is not None for fd in (0, 1, 2, 3)])
    stdin.write(b"hello\n")
    stdin.write_eof()
    await done
    print("events:", protocol.events[0], sorted(protocol.events[1:-1]), protocol.events[-1])
    print("order: process_exited before connection_lost:",
          protocol.events.index("process_exited 5") < protocol.events.index("connection_lost None"))
    print("out:", protocol.out[1], protocol.out[2], "returncode:", transport.get_returncode())
    for name in ("send_signal", "terminate", "kill"):
        try:
            if name == "send_signal":
                transport.send_signal(15)
            else:
                getattr(transport, name)()
        except ProcessLookupError as e:
            print(name, "after exit:", type(e).__name__)
    transport.close()
    print("is_closing:", transport.is_closing())

    # close() kills a child still running
    done = loop.create_future()
    transport, protocol = await loop.subprocess_exec(
        lambda: Collect(done), "sleep", "30", stdin=None, stdout=None, stderr=None)
    transport.close()
    await done
    print("closed while running:", transport.get_returncode(), protocol.events)

    for kwargs in ({"shell": True}, {"bufsize": 4096}, {"universal_newlines": True}, {"text": True},
                   {"encoding": "utf-8"}, {"errors": "strict"}):
        try:
            await loop.subprocess_exec(asyncio.SubprocessProtocol, "true", **kwargs)
        except ValueError as e:
            print("ValueError:", e)
    try:
        await loop.subprocess_shell(asyncio.SubprocessProtocol, "true", shell=False)
    except ValueError as e:
        print("ValueError:", e)

asyncio.run(main())
