/**
 * S1 and S2 (see the README): an echo over 64 TCP connections on 127.0.0.1, and 500 child
 * processes — on @aio/streams, and on what Node offers by hand in the same run (`node:net` with
 * async functions; `child_process.spawn`).
 *
 * S1: a server echoes what it reads; 64 clients each send 1 KiB and wait for the 1 KiB back, over
 * and over (500 round trips each at scale 1: 32,000 in all). S2: 500 × spawn `true` and wait for
 * it, 8 at a time.
 */
import { spawn } from "node:child_process";
import { connect, createServer, type Server } from "node:net";
import {
  createSubprocessExec,
  openConnection,
  type ServerSocket,
  type StreamReader,
  type StreamWriter,
  startServer,
} from "@aio/streams";
import { Semaphore } from "@aio/sync";
import { type Coro, gather, run } from "@aio/task";
import type { Workload } from "./types.js";

export const S1 = { connections: 64, roundTrips: 500, size: 1024 } as const;
export const S2 = { children: 500, atOnce: 8 } as const;

const message = Buffer.alloc(S1.size, 0x61);

const aioS1: Workload = async (scale) => {
  const trips = Math.max(1, Math.round(S1.roundTrips * scale));
  await run(
    (function* (): Coro<void> {
      function* echo(reader: StreamReader, writer: StreamWriter): Coro<void> {
        for (;;) {
          const data = yield* reader.read(65536);
          if (data.length === 0) break;
          writer.write(data);
          yield* writer.drain();
        }
        writer.close();
      }
      const server = yield* startServer(echo, "127.0.0.1", 0);
      const [, port] = (server.sockets[0] as ServerSocket).getsockname() as [string, number];
      function* client(): Coro<void> {
        const [reader, writer] = yield* openConnection("127.0.0.1", port);
        for (let i = 0; i < trips; i++) {
          writer.write(message);
          const back = yield* reader.readexactly(S1.size);
          if (back.length !== S1.size) throw new Error("short echo");
        }
        writer.close();
        yield* writer.waitClosed();
      }
      yield* gather(...Array.from({ length: S1.connections }, client));
      server.close();
      yield* server.waitClosed();
    })(),
  );
  return { ops: trips * S1.connections };
};

/** Reads exactly `n` bytes from a socket (the socket delivers what it has, in chunks). */
function exactly(
  n: number,
  state: { buffered: Buffer[]; size: number; want: (() => void) | null },
): Promise<Buffer> {
  return new Promise((resolve) => {
    const check = () => {
      if (state.size < n) {
        state.want = check;
        return;
      }
      state.want = null;
      const all = Buffer.concat(state.buffered);
      state.buffered = all.length > n ? [all.subarray(n)] : [];
      state.size = all.length - n;
      resolve(all.subarray(0, n));
    };
    check();
  });
}

const nodeS1: Workload = async (scale) => {
  const trips = Math.max(1, Math.round(S1.roundTrips * scale));
  const server: Server = createServer((socket) => {
    socket.setNoDelay(true);
    socket.on("data", (data) => socket.write(data));
    socket.on("end", () => socket.end());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  const client = async (): Promise<void> => {
    const socket = connect(port, "127.0.0.1");
    socket.setNoDelay(true);
    await new Promise((resolve) => socket.once("connect", resolve));
    const state = { buffered: [] as Buffer[], size: 0, want: null as (() => void) | null };
    socket.on("data", (chunk: Buffer) => {
      state.buffered.push(chunk);
      state.size += chunk.length;
      state.want?.();
    });
    for (let i = 0; i < trips; i++) {
      socket.write(message);
      const back = await exactly(S1.size, state);
      if (back.length !== S1.size) throw new Error("short echo");
    }
    socket.end();
    await new Promise((resolve) => socket.once("close", resolve));
  };
  await Promise.all(Array.from({ length: S1.connections }, client));
  await new Promise((resolve) => server.close(resolve));
  return { ops: trips * S1.connections, extra: { how: "node:net" } };
};

const aioS2: Workload = async (scale) => {
  const n = Math.max(1, Math.round(S2.children * scale));
  await run(
    (function* (): Coro<void> {
      const slots = new Semaphore(S2.atOnce);
      function* one(): Coro<void> {
        yield* slots.acquire();
        try {
          const proc = yield* createSubprocessExec("true");
          const code = yield* proc.wait();
          if (code !== 0) throw new Error(`true exited ${code}`);
        } finally {
          slots.release();
        }
      }
      yield* gather(...Array.from({ length: n }, one));
    })(),
  );
  return { ops: n };
};

const nodeS2: Workload = async (scale) => {
  const n = Math.max(1, Math.round(S2.children * scale));
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < n) {
      next++;
      const code = await new Promise<number | null>((resolve, reject) => {
        const child = spawn("true", { stdio: "inherit" });
        child.once("error", reject);
        child.once("exit", resolve);
      });
      if (code !== 0) throw new Error(`true exited ${code}`);
    }
  };
  await Promise.all(Array.from({ length: S2.atOnce }, worker));
  return { ops: n, extra: { how: "child_process" } };
};

export const aioStreams: Record<string, Workload> = { S1: aioS1, S2: aioS2 };
export const nodeStreams: Record<string, Workload> = { S1: nodeS1, S2: nodeS2 };
