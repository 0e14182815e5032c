import asyncio

class Upper(asyncio.Protocol):
    def connection_made(self, transport):
        self.transport = transport
        print("server: connection_made, reading", transport.is_reading())
    def data_received(self, data):
        print("server: data_received", repr(data))
        self.transport.write(data.upper())
    def eof_received(self):
        print("server: eof_received")
        self.transport.write(b"[eof]")  # the write side is still open after the peer's EOF
        self.transport.close()
        return True
    def connection_lost(self, exc):
        print("server: connection_lost", exc)

class Client(asyncio.Protocol):
    def __init__(self, done):
        self.done = done
        self.got = b""
    def connection_made(self, transport):
        print("client: connection_made")
        transport.write(b"abc")
        transport.writelines([b"d", b"e"])
        transport.write_eof()
        print("client: buffer", transport.get_write_buffer_size(), "limits", transport.get_write_buffer_limits())
    def data_received(self, data):
        self.got += data
    def eof_received(self):
        print("client: eof_received, got", repr(self.got))
        return False  # let the transport close
    def connection_lost(self, exc):
        print("client: connection_lost", exc)
        self.done.set_result(self.got)

async def main():
    loop = asyncio.get_running_loop()
    server = await loop.create_server(Upper, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    done = loop.create_future()
    transport, protocol = await loop.create_connection(lambda: Client(done), "127.0.0.1", port)
    print("created:", isinstance(protocol, Client), transport.is_closing())
    print("result", repr(await done))
    print("client transport closing", transport.is_closing())
    transport.set_write_buffer_limits(high=100)
    print("limits", transport.get_write_buffer_limits())
    try:
        transport.set_write_buffer_limits(high=1, low=2)
    except ValueError as e:
        print("ValueError:", e)
    server.close()
    await server.wait_closed()
    print("server serving", server.is_serving())

asyncio.run(main())
