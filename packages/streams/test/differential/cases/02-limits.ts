import { type Print, py } from "@aio/differential";
import { repr } from "@aio/loop";
import { run } from "@aio/task";
import {
  IncompleteReadError,
  LimitOverrunError,
  openConnection,
  type ServerSocket,
  type StreamReader,
  type StreamWriter,
  startServer,
} from "../../../src/index.js";

export default async function (print: Print) {
  function* handle(reader: StreamReader, writer: StreamWriter) {
    writer.write(Buffer.from(`short\n${"y".repeat(40)}\nend|${"z".repeat(40)}|tail`));
    yield* writer.drain();
    writer.writeEof();
    yield* reader.read();
    writer.close();
  }

  function* main() {
    const server = yield* startServer(handle, "127.0.0.1", 0);
    const port = (server.sockets[0] as ServerSocket).getsockname()[1] as number;
    const [reader, writer] = yield* openConnection("127.0.0.1", port, { limit: 16 });
    print(repr(yield* reader.readline()));
    try {
      yield* reader.readline();
    } catch (e) {
      if (e instanceof RangeError) print("ValueError:", e.message);
      else throw e;
    }
    print(repr(yield* reader.readuntil("|")));
    try {
      yield* reader.readuntil("|");
    } catch (e) {
      if (e instanceof LimitOverrunError) print("LimitOverrunError:", e.message, e.consumed);
      else throw e;
    }
    print(repr(yield* reader.read(5)));
    try {
      yield* reader.readexactly(100);
    } catch (e) {
      if (e instanceof IncompleteReadError)
        print("IncompleteReadError:", e.message, e.partial.length, e.expected);
      else throw e;
    }
    print("at_eof", py(reader.atEof()));
    try {
      yield* reader.readuntil("|");
    } catch (e) {
      if (e instanceof IncompleteReadError) {
        print("IncompleteReadError:", e.message, repr(e.partial), e.expected === null ? "None" : e.expected);
      } else throw e;
    }
    writer.close();
    yield* writer.waitClosed();
    server.close();
    yield* server.waitClosed();
  }
  await run(main());
}
