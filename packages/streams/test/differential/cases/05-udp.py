import asyncio

class Echo(asyncio.DatagramProtocol):
    def connection_made(self, transport):
        self.transport = transport
        print("server made")
    def datagram_received(self, data, addr):
        print("server got", repr(data), "from 127.0.0.1:", addr[0] == "127.0.0.1")
        self.transport.sendto(data.upper(), addr)
    def connection_lost(self, exc):
        print("server lost", exc)

class Client(asyncio.DatagramProtocol):
    def __init__(self, done):
        self.done = done
        self.got = []
    def connection_made(self, transport):
        print("client made")
    def datagram_received(self, data, addr):
        self.got.append(data)
        if len(self.got) == 2:
            self.done.set_result(sorted(self.got))
    def connection_lost(self, exc):
        print("client lost", exc)

async def main():
    loop = asyncio.get_running_loop()
    server, _ = await loop.create_datagram_endpoint(Echo, local_addr=("127.0.0.1", 0))
    port = server.get_extra_info("sockname")[1]
    done = loop.create_future()
    client, protocol = await loop.create_datagram_endpoint(lambda: Client(done), remote_addr=("127.0.0.1", port))
    print("peer is the server", client.get_extra_info("peername") == ("127.0.0.1", port))
    client.sendto(b"ping")
    await asyncio.sleep(0.05)
    client.sendto(b"pong")
    print("client got", await done)
    try:
        client.sendto(b"x", ("127.0.0.1", 9))
    except ValueError as e:
        print("ValueError:", str(e).replace(str(port), "PORT"))
    client.close()
    server.close()
    await asyncio.sleep(0.05)
    print("closing", client.is_closing(), server.is_closing())

asyncio.run(main())
