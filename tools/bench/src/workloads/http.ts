/**
 * H2 (see the README): 10,000 GETs with at most 64 in flight against a local node:http server (a process
 * of its own, started once per benchmark process) — on @aio/http's ClientSession, and on raw
 * undici's `Pool` (the HTTP/1.1 client under @aio/http and Node's fetch) in the same run. Each body
 * is read whole on both sides.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ClientSession, ClientTimeout, TCPConnector } from "@aio/http";
import { gather, run, using } from "@aio/task";
import { Pool } from "undici";
import type { Workload } from "./types.js";

export const H2 = { requests: 10_000, inFlight: 64 } as const;

let server: { child: ChildProcess; url: string } | null = null;

/** Starts the server process (once), and gives its URL. */
export async function serverUrl(): Promise<string> {
  if (server !== null) return server.url;
  const child = spawn(process.execPath, [join(dirname(fileURLToPath(import.meta.url)), "http-server.mjs")], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const port = await new Promise<string>((resolve, reject) => {
    child.once("error", reject);
    child.stdout?.once("data", (d: Buffer) => resolve(d.toString().trim()));
  });
  server = { child, url: `http://127.0.0.1:${port}` };
  return server.url;
}

async function teardown(): Promise<void> {
  server?.child.stdin?.end();
  server = null;
}

const checkBody = (n: number): void => {
  if (n !== 21) throw new Error(`H2: a body of ${n} bytes, expected 21`);
};

/** ClientSession with a connector of 64: 64 coroutines share the requests. */
const aioH2: Workload = async (scale) => {
  const url = `${await serverUrl()}/`;
  const n = Math.round(H2.requests * scale);
  let next = 0;
  await run(
    using(
      new ClientSession({
        connector: new TCPConnector({ limit: H2.inFlight }),
        ...(process.env.NOTIMER ? { timeout: new ClientTimeout({ total: null, sockConnect: null }) } : {}),
      }),
      function* (session) {
        function* worker() {
          while (next < n) {
            next++;
            const body = yield* using(session.get(url), (resp) => resp.read());
            checkBody(body.length);
          }
        }
        yield* gather(...Array.from({ length: H2.inFlight }, worker));
      },
    ),
  );
  return { ops: n };
};

/** undici's Pool of 64 connections: 64 async functions share the requests. */
const undiciH2: Workload = async (scale) => {
  const origin = await serverUrl();
  const n = Math.round(H2.requests * scale);
  const pool = new Pool(origin, { connections: H2.inFlight });
  let next = 0;
  const worker = async () => {
    while (next < n) {
      next++;
      const { body } = await pool.request({ path: "/", method: "GET" });
      checkBody((await body.arrayBuffer()).byteLength);
    }
  };
  await Promise.all(Array.from({ length: H2.inFlight }, worker));
  await pool.close();
  return { ops: n, extra: { how: "undici-Pool" } };
};

export const aioHttp: Record<string, Workload> = { H2: Object.assign(aioH2, { teardown }) };
export const nodeHttp: Record<string, Workload> = { H2: Object.assign(undiciH2, { teardown }) };
