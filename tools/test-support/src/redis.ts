/**
 * A real Redis for tests: Debian's redis-server (installed by scripts/system-deps.mjs) on
 * 127.0.0.1 at a free port, its data in a temporary directory, stopped and removed afterwards.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A running redis-server. */
export interface RedisServer {
  /** `redis://127.0.0.1:PORT` */
  readonly url: string;
  readonly port: number;
  /** The server's process id (changes on restart). */
  readonly pid: number;
  /** Stops the server (SIGTERM: what is written stays on disk) and starts it again on the same port. */
  restart(options?: { downFor?: number }): Promise<void>;
  /** Stops the server and removes its data. */
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

function launch(port: number, dir: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    // Every write is on disk before it is answered (appendfsync always): a restart loses nothing.
    const child = spawn(
      "redis-server",
      [
        "--port",
        String(port),
        "--bind",
        "127.0.0.1",
        "--dir",
        dir,
        "--save",
        "",
        "--appendonly",
        "yes",
        "--appendfsync",
        "always",
        "--protected-mode",
        "no",
        "--loglevel",
        "notice",
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let out = "";
    const onData = (d: Buffer) => {
      out += d.toString();
      if (out.includes("Ready to accept connections")) {
        child.stdout?.off("data", onData);
        child.stdout?.resume();
        resolve(child);
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (d: Buffer) => {
      out += d.toString();
    });
    child.once("error", (e) =>
      reject(
        (e as NodeJS.ErrnoException).code === "ENOENT"
          ? new Error(
              "redis-server is not installed: `node scripts/bootstrap.mjs` installs it (apt-get, as root)",
            )
          : e,
      ),
    );
    child.once("exit", (code) =>
      reject(new Error(`redis-server exited (${code}) before it was ready:\n${out}`)),
    );
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

/** Starts a redis-server for a test file. */
export async function startRedis(): Promise<RedisServer> {
  const dir = mkdtempSync(join(tmpdir(), "aio-redis-"));
  let port = 0;
  let child: ChildProcess | null = null;
  for (let tries = 0; child === null; tries++) {
    port = await freePort();
    try {
      child = await launch(port, dir);
    } catch (e) {
      if (tries >= 4 || /not installed/.test(String(e))) throw e;
    }
  }
  let current: ChildProcess = child;
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    get pid() {
      return current.pid as number;
    },
    async restart({ downFor = 0 } = {}) {
      current.kill("SIGTERM");
      await exited(current);
      if (downFor > 0) await new Promise((r) => setTimeout(r, downFor * 1000));
      current = await launch(port, dir);
    },
    async stop() {
      current.kill("SIGTERM");
      await exited(current);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
