import { type Print, py } from "@aio/differential";
import { ConnectionRefusedError } from "@aio/fs";
import { repr } from "@aio/loop";
import { ensureFuture, run, sleep, waitFor } from "@aio/task";
import {
  openConnection,
  type ServerSocket,
  type StreamReader,
  type StreamWriter,
  startServer,
} from "../../../src/index.js";

export default async function (print: Print) {
  function* main() {
    const events: string[] = [];
    function* handle(reader: StreamReader, writer: StreamWriter) {
      events.push("connected");
      const data = yield* reader.read();
      print("handler read", repr(data));
      writer.write(Buffer.from("bye"));
      yield* writer.drain();
      writer.close();
      yield* writer.waitClosed();
      print("handler done");
    }
    const server = yield* startServer(handle, "127.0.0.1", 0);
    const port = (server.sockets[0] as ServerSocket).getsockname()[1] as number;
    const [reader, writer] = yield* openConnection("127.0.0.1", port);
    yield* sleep(0.05);
    print("events", repr(events));
    server.close();
    print(
      "after close: serving",
      py(server.isServing()),
      "sockets",
      server.sockets.length === 0 ? "()" : "?",
    );
    const closed = ensureFuture(server.waitClosed());
    yield* sleep(0.05);
    print("wait_closed done while a client is connected:", py(closed.done()));
    writer.write(Buffer.from("last words"));
    writer.writeEof();
    print("client got", repr(yield* reader.read()));
    yield* waitFor(closed, 5);
    print("wait_closed done:", py(closed.done()));
    writer.close();
    yield* writer.waitClosed();
    try {
      yield* openConnection("127.0.0.1", port);
    } catch (e) {
      if (!(e instanceof ConnectionRefusedError)) throw e;
      print("refused:", e.name, e.errno, e.message.replace(String(port), "PORT"));
    }
    yield* waitFor(server.waitClosed(), 1);
    print("again: done");
  }
  await run(main());
}
