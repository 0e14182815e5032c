import { type Print, py, tuple } from "@aio/differential";
import type { Future } from "@aio/future";
import { getRunningLoop, repr } from "@aio/loop";
import { run } from "@aio/task";
import {
  type BaseTransport,
  createConnection,
  createServer,
  Protocol,
  type ServerSocket,
  type Transport,
} from "../../../src/index.js";

export default async function (print: Print) {
  class Upper extends Protocol {
    transport!: Transport;
    override connectionMade(transport: BaseTransport): void {
      this.transport = transport as Transport;
      print("server: connection_made, reading", py(this.transport.isReading()));
    }
    override dataReceived(data: Buffer): void {
      print("server: data_received", repr(data));
      this.transport.write(data.map((c) => (c >= 0x61 && c <= 0x7a ? c - 32 : c)));
    }
    override eofReceived(): boolean {
      print("server: eof_received");
      this.transport.write(Buffer.from("[eof]")); // the write side is still open after the peer's EOF
      this.transport.close();
      return true;
    }
    override connectionLost(exc: unknown): void {
      print("server: connection_lost", exc === null ? "None" : String(exc));
    }
  }

  class Client extends Protocol {
    got = Buffer.alloc(0);
    constructor(readonly done: Future<Buffer>) {
      super();
    }
    override connectionMade(transport: BaseTransport): void {
      const t = transport as Transport;
      print("client: connection_made");
      t.write(Buffer.from("abc"));
      t.writelines([Buffer.from("d"), Buffer.from("e")]);
      t.writeEof();
      print("client: buffer", t.getWriteBufferSize(), "limits", tuple(t.getWriteBufferLimits()));
    }
    override dataReceived(data: Buffer): void {
      this.got = Buffer.concat([this.got, data]);
    }
    override eofReceived(): boolean {
      print("client: eof_received, got", repr(this.got));
      return false;
    }
    override connectionLost(exc: unknown): void {
      print("client: connection_lost", exc === null ? "None" : String(exc));
      this.done.setResult(this.got);
    }
  }

  function* main() {
    const loop = getRunningLoop();
    const server = yield* createServer(() => new Upper(), "127.0.0.1", 0);
    const port = (server.sockets[0] as ServerSocket).getsockname()[1] as number;
    const done = loop.createFuture<Buffer>() as Future<Buffer>;
    const [transport, protocol] = yield* createConnection(() => new Client(done), "127.0.0.1", port);
    print("created:", py(protocol instanceof Client), py(transport.isClosing()));
    print("result", repr(yield* done));
    print("client transport closing", py(transport.isClosing()));
    transport.setWriteBufferLimits(100);
    print("limits", tuple(transport.getWriteBufferLimits()));
    try {
      transport.setWriteBufferLimits(1, 2);
    } catch (e) {
      if (e instanceof RangeError) print("ValueError:", e.message);
      else throw e;
    }
    server.close();
    yield* server.waitClosed();
    print("server serving", py(server.isServing()));
  }
  await run(main());
}
