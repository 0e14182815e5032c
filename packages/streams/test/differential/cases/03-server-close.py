import asyncio

async def main():
    events = []
    async def handle(reader, writer):
        events.append("connected")
        data = await reader.read()
        print("handler read", repr(data))
        writer.write(b"bye")
        await writer.drain()
        writer.close()
        await writer.wait_closed()
        print("handler done")

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    await asyncio.sleep(0.05)
    print("events", events)
    server.close()
    print("after close: serving", server.is_serving(), "sockets", server.sockets)
    closed = asyncio.ensure_future(server.wait_closed())
    await asyncio.sleep(0.05)
    print("wait_closed done while a client is connected:", closed.done())
    writer.write(b"last words")
    writer.write_eof()
    print("client got", repr(await reader.read()))
    await asyncio.wait_for(closed, 5)
    print("wait_closed done:", closed.done())
    writer.close()
    await writer.wait_closed()
    # A closed server refuses new connections.
    try:
        await asyncio.open_connection("127.0.0.1", port)
    except ConnectionRefusedError as e:
        print("refused:", type(e).__name__, e.errno, str(e).replace(str(port), "PORT"))
    # wait_closed on a closed server with no clients returns at once.
    await asyncio.wait_for(server.wait_closed(), 1)
    print("again: done")

asyncio.run(main())
