/**
 * L2 (see the README): 200,000 records through a logger with a `%(asctime)s %(levelname)s
 * %(name)s %(message)s` format to a file — @aio/debug's `logging` with a FileHandler, and pino to a
 * file (its default asynchronous destination, and `sync: true`: a write per record, as a
 * FileHandler's flush per record). Each round ends when every record is in the file.
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { logging } from "@aio/debug";
import { pino } from "pino";
import type { Workload } from "./types.js";

export const L2 = { records: 200_000 } as const;

let dir: string | null = null;
function file(name: string): string {
  dir ??= mkdtempSync(join(tmpdir(), "aio-bench-l2-"));
  const path = join(dir, name);
  rmSync(path, { force: true });
  return path;
}
function teardown(): Promise<void> {
  if (dir !== null) rmSync(dir, { recursive: true, force: true });
  dir = null;
  return Promise.resolve();
}

const aioL2: Workload = async (scale) => {
  const n = Math.round(L2.records * scale);
  const path = file("aio.log");
  const handler = new logging.FileHandler(path);
  handler.setFormatter(new logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"));
  const log = logging.getLogger("bench.l2");
  log.propagate = false;
  log.setLevel(logging.INFO);
  log.addHandler(handler);
  for (let i = 0; i < n; i++) log.info("request %d served in %s ms", i, 12.5);
  log.removeHandler(handler);
  handler.close();
  return { ops: n, extra: { bytes: statSync(path).size } };
};

function pinoL2(sync: boolean): Workload {
  return async (scale) => {
    const n = Math.round(L2.records * scale);
    const path = file(sync ? "pino-sync.log" : "pino.log");
    const destination = pino.destination({ dest: path, sync });
    const log = pino({ name: "bench.l2", base: { name: "bench.l2" } }, destination);
    for (let i = 0; i < n; i++) log.info("request %d served in %s ms", i, 12.5);
    // Every record in the file: the destination ends once what it buffered is written.
    await new Promise<void>((resolve, reject) => {
      destination.once("close", () => resolve());
      destination.once("error", reject);
      destination.end();
    });
    return { ops: n, extra: { how: sync ? "pino-sync" : "pino", bytes: statSync(path).size } };
  };
}

aioL2.teardown = teardown;
const pinoAsync = pinoL2(false);
pinoAsync.teardown = teardown;
const pinoSync = pinoL2(true);
pinoSync.teardown = teardown;

export const aioLogging: Record<string, Workload> = { L2: aioL2 };
export const pinoLogging: Record<string, Workload> = { L2: pinoAsync };
export const pinoSyncLogging: Record<string, Workload> = { L2: pinoSync };
