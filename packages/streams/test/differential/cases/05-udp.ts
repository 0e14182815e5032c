import { type Print, py } from "@aio/differential";
import type { Future } from "@aio/future";
import { getRunningLoop, repr } from "@aio/loop";
import { run, sleep } from "@aio/task";
import {
  type BaseTransport,
  createDatagramEndpoint,
  DatagramProtocol,
  type DatagramTransport,
} from "../../../src/index.js";

export default async function (print: Print) {
  class Echo extends DatagramProtocol {
    transport!: DatagramTransport;
    override connectionMade(transport: BaseTransport): void {
      this.transport = transport as DatagramTransport;
      print("server made");
    }
    override datagramReceived(data: Buffer, addr: [string, number]): void {
      print("server got", repr(data), "from 127.0.0.1:", py(addr[0] === "127.0.0.1"));
      this.transport.sendto(
        data.map((c) => (c >= 0x61 && c <= 0x7a ? c - 32 : c)),
        addr,
      );
    }
    override connectionLost(exc: unknown): void {
      print("server lost", exc === null ? "None" : String(exc));
    }
  }

  class Client extends DatagramProtocol {
    got: Buffer[] = [];
    constructor(readonly done: Future<Buffer[]>) {
      super();
    }
    override connectionMade(): void {
      print("client made");
    }
    override datagramReceived(data: Buffer): void {
      this.got.push(data);
      if (this.got.length === 2) this.done.setResult([...this.got].sort(Buffer.compare));
    }
    override connectionLost(exc: unknown): void {
      print("client lost", exc === null ? "None" : String(exc));
    }
  }

  function* main() {
    const loop = getRunningLoop();
    const [server] = yield* createDatagramEndpoint(() => new Echo(), { localAddr: ["127.0.0.1", 0] });
    const port = (server.getExtraInfo("sockname") as [string, number])[1];
    const done = loop.createFuture<Buffer[]>() as Future<Buffer[]>;
    const [client] = yield* createDatagramEndpoint(() => new Client(done), {
      remoteAddr: ["127.0.0.1", port],
    });
    const peer = client.getExtraInfo("peername") as [string, number];
    print("peer is the server", py(peer[0] === "127.0.0.1" && peer[1] === port));
    client.sendto(Buffer.from("ping"));
    yield* sleep(0.05);
    client.sendto(Buffer.from("pong"));
    print("client got", repr(yield* done));
    try {
      client.sendto(Buffer.from("x"), ["127.0.0.1", 9]);
    } catch (e) {
      if (e instanceof RangeError) print("ValueError:", e.message.replace(String(port), "PORT"));
      else throw e;
    }
    client.close();
    server.close();
    yield* sleep(0.05);
    print("closing", py(client.isClosing()), py(server.isClosing()));
  }
  await run(main());
}
