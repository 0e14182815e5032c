/**
 * Faults and load a server meets, on real sockets on 127.0.0.1: a thousand connections at once,
 * clients that vanish mid-line, and what is left open afterwards (nothing).
 */
import { connect } from "node:net";
import type { Future } from "@aio/future";
import { getRunningLoop } from "@aio/loop";
import { type Coro, gather, sleep } from "@aio/task";
import { describe, expect, it } from "vitest";
import {
  openConnection,
  type ServerSocket,
  type StreamReader,
  type StreamWriter,
  startServer,
} from "../src/index.js";
import { inLoop } from "./helpers.js";

/** Node's open TCP handles (sockets and servers), by kind. */
function tcpHandles(): number {
  return process.getActiveResourcesInfo().filter((r) => r === "TCPSocketWrap" || r === "TCPServerWrap")
    .length;
}

/** Node's handles close a tick or two after close(): wait until the count is back (at most 5 s). */
async function settled(expected: number): Promise<number> {
  const deadline = Date.now() + 5000;
  while (tcpHandles() !== expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  return tcpHandles();
}

describe("faults and load", () => {
  it("1,000 concurrent connections each get their own echo; afterwards no socket is left open", async () => {
    const before = tcpHandles();
    const N = 1000;
    let most = 0;
    let open = 0;
    await inLoop(function* () {
      // The clients say goodbye only once the server holds all N connections at once.
      const allIn = getRunningLoop().createFuture<void>() as Future<void>;
      function* echo(reader: StreamReader, writer: StreamWriter): Coro<void> {
        open++;
        most = Math.max(most, open);
        if (open === N) allIn.setResult(undefined);
        try {
          for (;;) {
            const line = yield* reader.readline();
            if (line.length === 0) break;
            writer.write(line);
            yield* writer.drain();
          }
        } finally {
          open--;
          writer.close();
        }
      }
      const server = yield* startServer(echo, "127.0.0.1", 0, { backlog: 2048 });
      const [, port] = (server.sockets[0] as ServerSocket).getsockname() as [string, number];
      function* client(i: number): Coro<string> {
        const [reader, writer] = yield* openConnection("127.0.0.1", port);
        writer.write(`hello ${i}\n`);
        yield* writer.drain();
        const answer = (yield* reader.readline()).toString();
        yield* allIn;
        writer.write(`bye ${i}\n`);
        const bye = (yield* reader.readline()).toString();
        writer.close();
        yield* writer.waitClosed();
        return answer + bye;
      }
      const answers = yield* gather(...Array.from({ length: N }, (_, i) => client(i)));
      for (const [i, a] of answers.entries()) expect(a).toBe(`hello ${i}\nbye ${i}\n`);
      server.close();
      yield* server.waitClosed();
    });
    expect(most).toBe(N);
    expect(open).toBe(0);
    expect(await settled(before)).toBe(before);
  }, 120_000);

  it("clients that vanish mid-line (reset, half a line then EOF) cost the server nothing else", async () => {
    const before = tcpHandles();
    const seen: string[] = [];
    await inLoop(function* () {
      const server = yield* startServer(
        function* (reader, writer) {
          try {
            const line = yield* reader.readline();
            seen.push(line.toString());
          } catch (err) {
            seen.push((err as Error).name);
          } finally {
            writer.close();
          }
        },
        "127.0.0.1",
        0,
      );
      const [, port] = (server.sockets[0] as ServerSocket).getsockname() as [string, number];
      // 50 clients write half a line and reset; 50 write half a line and half-close.
      for (let i = 0; i < 100; i++) {
        const s = connect(port, "127.0.0.1");
        s.on("error", () => {});
        s.on("connect", () => {
          s.write(`partial ${i}`);
          if (i % 2 === 0) s.resetAndDestroy();
          else s.end();
        });
      }
      const loop = getRunningLoop();
      const deadline = loop.time() + 10;
      while (seen.length < 100 && loop.time() < deadline) yield* sleep(0.02);
      // A served client still gets a whole echo afterwards: the server is unharmed.
      const [reader, writer] = yield* openConnection("127.0.0.1", port);
      writer.write("whole\n");
      expect((yield* reader.readline()).toString()).toBe("");
      writer.close();
      server.close();
      yield* server.waitClosed();
    });
    expect(seen.length).toBe(101);
    // A reset before the line ends: ConnectionResetError or EOF with the partial line (the
    // kernel may deliver the data before the reset); a half-close: the partial line at EOF.
    const odd = seen.filter((s, i) => i < 100 && /^partial \d+$/.test(s));
    expect(odd.length).toBeGreaterThanOrEqual(50);
    for (const s of seen.slice(0, 100)) expect(s).toMatch(/^partial \d+$|^ConnectionResetError$/);
    expect(seen[100]).toBe("whole\n");
    expect(await settled(before)).toBe(before);
  }, 60_000);
});
