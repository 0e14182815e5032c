import asyncio

async def handle(reader, writer):
    writer.write(b"short\n" + b"y" * 40 + b"\nend|" + b"z" * 40 + b"|tail")
    await writer.drain()
    writer.write_eof()
    await reader.read()
    writer.close()

async def main():
    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection("127.0.0.1", port, limit=16)
    print(repr(await reader.readline()))
    try:
        await reader.readline()
    except ValueError as e:
        print("ValueError:", e)
    print(repr(await reader.readuntil(b"|")))
    try:
        await reader.readuntil(b"|")
    except asyncio.LimitOverrunError as e:
        print("LimitOverrunError:", e, e.consumed)
    print(repr(await reader.read(5)))
    try:
        await reader.readexactly(100)
    except asyncio.IncompleteReadError as e:
        print("IncompleteReadError:", e, len(e.partial), e.expected)
    print("at_eof", reader.at_eof())
    try:
        await reader.readuntil(b"|")
    except asyncio.IncompleteReadError as e:
        print("IncompleteReadError:", e, repr(e.partial), e.expected)
    writer.close()
    await writer.wait_closed()
    server.close()
    await server.wait_closed()

asyncio.run(main())
