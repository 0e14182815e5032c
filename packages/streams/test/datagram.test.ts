import type { Future } from "@aio/future";
import { getRunningLoop } from "@aio/loop";
import { sleep } from "@aio/task";
import { describe, expect, it } from "vitest";
import {
  type BaseTransport,
  createDatagramEndpoint,
  DatagramProtocol,
  type DatagramTransport,
} from "../src/index.js";
import { inLoop } from "./helpers.js";

class EchoServer extends DatagramProtocol {
  transport!: DatagramTransport;
  override connectionMade(transport: BaseTransport): void {
    this.transport = transport as DatagramTransport;
  }
  override datagramReceived(data: Buffer, addr: [string, number]): void {
    this.transport.sendto(Buffer.from(data.toString().toUpperCase()), addr);
  }
}

class Client extends DatagramProtocol {
  readonly received: Buffer[] = [];
  events: string[] = [];
  constructor(
    readonly done: Future<void>,
    readonly expected: number,
  ) {
    super();
  }
  override connectionMade(): void {
    this.events.push("made");
  }
  override datagramReceived(data: Buffer): void {
    this.received.push(data);
    if (this.received.length === this.expected) this.done.setResult(undefined);
  }
  override connectionLost(exc: unknown): void {
    this.events.push(`lost ${exc === null ? "None" : String(exc)}`);
  }
}

describe("createDatagramEndpoint", () => {
  it("round-trips datagrams between a bound endpoint and a connected one on 127.0.0.1", async () => {
    await inLoop(function* () {
      const loop = getRunningLoop();
      const [server] = yield* createDatagramEndpoint(() => new EchoServer(), { localAddr: ["127.0.0.1", 0] });
      const [host, port] = server.getExtraInfo<[string, number]>("sockname") as [string, number];
      expect(host).toBe("127.0.0.1");
      const done = loop.createFuture<void>() as Future<void>;
      const [client, protocol] = yield* createDatagramEndpoint(() => new Client(done, 3), {
        remoteAddr: ["127.0.0.1", port],
      });
      expect(client.getExtraInfo("peername")).toEqual(["127.0.0.1", port]);
      for (const word of ["one", "two", "three"]) client.sendto(word);
      yield* done;
      expect(protocol.received.map(String).sort()).toEqual(["ONE", "THREE", "TWO"]);
      // A connected endpoint sends to its peer only.
      expect(() => client.sendto("x", ["127.0.0.1", 9])).toThrow(RangeError);
      // An unconnected one needs an address.
      expect(() => server.sendto("x")).toThrow("sendto(): AF_INET address must be tuple, not NoneType");
      client.close();
      server.close();
      for (let i = 0; i < 200 && protocol.events.length < 2; i++) yield* sleep(0.01);
      expect(protocol.events).toEqual(["made", "lost None"]);
      expect(client.isClosing()).toBe(true);
    });
  });

  it("refuses an endpoint with neither address nor family, and unknown options", async () => {
    await inLoop(function* () {
      let caught: unknown;
      try {
        yield* createDatagramEndpoint(() => new DatagramProtocol());
      } catch (err) {
        caught = err;
      }
      expect((caught as Error).message).toBe("unexpected address family");
      caught = undefined;
      try {
        yield* createDatagramEndpoint(() => new DatagramProtocol(), {
          localAddr: ["127.0.0.1", 0],
          ttl: 3,
        } as never);
      } catch (err) {
        caught = err;
      }
      expect((caught as Error).message).toBe(
        "create_datagram_endpoint() got an unexpected keyword argument 'ttl'",
      );
    });
  });
});
