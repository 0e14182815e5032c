import { type Print, py } from "@aio/differential";
import { repr } from "@aio/loop";
import { run } from "@aio/task";
import {
  openConnection,
  type ServerSocket,
  type StreamReader,
  type StreamWriter,
  startServer,
} from "../../../src/index.js";

export default async function (print: Print) {
  function* handle(reader: StreamReader, writer: StreamWriter) {
    const peer = writer.getExtraInfo<[string, number]>("peername");
    print("server: client from", peer?.[0]);
    for (;;) {
      const line = yield* reader.readline();
      if (line.length === 0) break;
      print("server got", repr(line));
      // bytes.upper(): ASCII letters only.
      writer.write(line.map((c) => (c >= 0x61 && c <= 0x7a ? c - 32 : c)));
      yield* writer.drain();
    }
    print("server: at_eof", py(reader.atEof()));
    writer.close();
    yield* writer.waitClosed();
  }

  function* main() {
    const server = yield* startServer(handle, "127.0.0.1", 0);
    const port = (server.sockets[0] as ServerSocket).getsockname()[1] as number;
    print("serving", py(server.isServing()), server.sockets.length);
    const [reader, writer] = yield* openConnection("127.0.0.1", port);
    const peer = writer.getExtraInfo<[string, number]>("peername");
    print("client: peer is the server", py(peer?.[0] === "127.0.0.1" && peer[1] === port));
    for (const word of ["hello\n", "wörld\n", `${"x".repeat(3)}\n`]) {
      writer.write(Buffer.from(word));
      yield* writer.drain();
      print("client got", repr(yield* reader.readline()));
    }
    writer.writelines([Buffer.from("a"), Buffer.from("b"), Buffer.from("\n")]);
    print("client got", repr(yield* reader.readuntil(Buffer.from("\n"))));
    print("can_write_eof", py(writer.canWriteEof()));
    writer.writeEof();
    print("client read after eof", repr(yield* reader.read()));
    print("client at_eof", py(reader.atEof()), "closing", py(writer.isClosing()));
    writer.close();
    yield* writer.waitClosed();
    print("closing", py(writer.isClosing()));
    server.close();
    yield* server.waitClosed();
    print("serving", py(server.isServing()), server.sockets.length === 0 ? "()" : "?");
  }
  await run(main());
}
