import asyncio

async def handle(reader, writer):
    peer = writer.get_extra_info("peername")
    print("server: client from", peer[0])
    while True:
        line = await reader.readline()
        if not line:
            break
        print("server got", repr(line))
        writer.write(line.upper())
        await writer.drain()
    print("server: at_eof", reader.at_eof())
    writer.close()
    await writer.wait_closed()

async def main():
    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    print("serving", server.is_serving(), len(server.sockets))
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    print("client: peer is the server", writer.get_extra_info("peername") == ("127.0.0.1", port))
    for word in ["hello\n", "wörld\n", "x" * 3 + "\n"]:
        writer.write(word.encode())
        await writer.drain()
        print("client got", repr(await reader.readline()))
    writer.writelines([b"a", b"b", b"\n"])
    print("client got", repr(await reader.readuntil(b"\n")))
    print("can_write_eof", writer.can_write_eof())
    writer.write_eof()
    print("client read after eof", repr(await reader.read()))
    print("client at_eof", reader.at_eof(), "closing", writer.is_closing())
    writer.close()
    await writer.wait_closed()
    print("closing", writer.is_closing())
    server.close()
    await server.wait_closed()
    print("serving", server.is_serving(), server.sockets)

asyncio.run(main())
