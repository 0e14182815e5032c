/** Worker processes for the tests: the `aio-jobs` CLI (from source) serving test/fixtures/jobs.ts. */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const pkg = fileURLToPath(new URL("..", import.meta.url));
export const cli = fileURLToPath(new URL("../src/cli.ts", import.meta.url));
export const jobsModule = fileURLToPath(new URL("./fixtures/jobs.ts", import.meta.url));

export interface WorkerProcess {
  child: ChildProcess;
  pid: number;
  stderr: () => string;
  /** Settles when the process has exited. */
  exited: Promise<number | null>;
}

/** Starts `aio-jobs worker test/fixtures/jobs.ts` with `args`; settles once it serves. */
export function startWorker(args: string[], env: Record<string, string> = {}): Promise<WorkerProcess> {
  const child = spawn(
    process.execPath,
    ["--conditions=aio-source", "--import", "tsx", cli, "worker", jobsModule, ...args],
    { cwd: pkg, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] },
  );
  let err = "";
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    child.stderr?.on("data", (d: Buffer) => {
      err += d.toString();
      if (err.includes("aio-jobs: serving"))
        resolve({ child, pid: child.pid as number, stderr: () => err, exited });
    });
    child.once("exit", (code) => reject(new Error(`worker exited (${code}) before serving:\n${err}`)));
  });
}

/** Stops workers (SIGTERM, then SIGKILL after 5 s). */
export async function stopWorkers(workers: WorkerProcess[]): Promise<void> {
  await Promise.all(
    workers.map(async (w) => {
      if (w.child.exitCode !== null || w.child.signalCode !== null) return;
      w.child.kill("SIGTERM");
      const t = setTimeout(() => w.child.kill("SIGKILL"), 5000);
      await w.exited;
      clearTimeout(t);
    }),
  );
}

/** The lines of a JOBS_LOG file (jobs that ran to their end: "name id pid [note]"). */
export function logLines(file: string): string[][] {
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => l.split(" "));
}

/** Waits until `check()` is true (polling every 20 ms), failing after `seconds`. */
export async function until(check: () => boolean, seconds: number, what: string): Promise<void> {
  const end = Date.now() + seconds * 1000;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out after ${seconds} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
