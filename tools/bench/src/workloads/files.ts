/**
 * F1 (see the README): write and read 200 MiB in 64 KiB chunks, and count the lines of a 50 MiB file of
 * short lines — on @aio/fs, and on what Node offers by hand in the same run (a raw FileHandle;
 * `readline` over a read stream). The data files are made outside the timed rounds, in the system's
 * temporary directory, and removed at teardown.
 */
import { appendFileSync, createReadStream, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { open as openHandle } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { open } from "@aio/fs";
import { anext, run, using } from "@aio/task";
import { prng, type Workload } from "./types.js";

export const F1 = { total: 200 * 1024 * 1024, chunk: 64 * 1024, lines: 50 * 1024 * 1024 } as const;

let dir: string | null = null;
function scratch(): string {
  dir ??= mkdtempSync(join(tmpdir(), "aio-bench-f1-"));
  return dir;
}
function teardown(): Promise<void> {
  if (dir !== null) rmSync(dir, { recursive: true, force: true });
  dir = null;
  return Promise.resolve();
}

/** The file of short lines (10 to 30 bytes, ~21 on average), made once per process. */
export function linesFile(scale: number): { path: string; lines: number } {
  const size = Math.round(F1.lines * scale);
  const path = join(scratch(), `lines-${size}.txt`);
  const random = prng(1);
  const parts: string[] = [];
  let bytes = 0;
  let lines = 0;
  while (bytes < size) {
    const line = `line ${lines} ${"x".repeat(Math.floor(random() * 20))}\n`;
    parts.push(line);
    bytes += line.length;
    lines++;
  }
  writeFileSync(path, parts.join(""));
  return { path, lines };
}

/** The 200 MiB file to read (written once per process, 4 MiB at a time). */
function bigFile(scale: number): string {
  const path = join(scratch(), `big-${scale}.bin`);
  const n = Math.round((F1.total * scale) / F1.chunk);
  const block = Buffer.alloc(F1.chunk * 64, 0x61);
  writeFileSync(path, "");
  for (let done = 0; done < n; done += 64)
    appendFileSync(path, block.subarray(0, Math.min(64, n - done) * F1.chunk));
  return path;
}

const made = new Map<string, unknown>();
function once<T>(key: string, make: () => T): T {
  if (!made.has(key)) made.set(key, make());
  return made.get(key) as T;
}

function checkCount(got: number, want: number, what: string): void {
  if (got !== want) throw new Error(`${what}: counted ${got}, expected ${want}`);
}

const aioF1w: Workload = async (scale) => {
  const path = join(scratch(), "w-aio.bin");
  const chunk = Buffer.alloc(F1.chunk, 0x62);
  const n = Math.round((F1.total * scale) / F1.chunk);
  await run(
    using(open(path, "wb"), function* (f) {
      for (let i = 0; i < n; i++) yield* f.write(chunk);
    }),
  );
  return { ops: n };
};

const aioF1r: Workload = async (scale) => {
  const path = once(`big-${scale}`, () => bigFile(scale));
  let bytes = 0;
  await run(
    using(open(path, "rb"), function* (f) {
      for (;;) {
        const got = yield* f.read(F1.chunk);
        if (got.length === 0) return;
        bytes += got.length;
      }
    }),
  );
  checkCount(bytes, Math.round((F1.total * scale) / F1.chunk) * F1.chunk, "F1r");
  return { ops: bytes / F1.chunk };
};

const aioF1lines: Workload = async (scale) => {
  const file = once(`lines-${scale}`, () => linesFile(scale));
  const n = await run(
    using(open(file.path), function* (f) {
      let count = 0;
      // async for line in f: count += 1
      for (let line: string | null; (line = yield* anext(f, null)) !== null; ) count++;
      return count;
    }),
  );
  checkCount(n, file.lines, "F1lines");
  return { ops: n };
};

/** The same in Promise code with `for await`: what the file's async iterator costs. */
const aioF1linesForAwait: Workload = async (scale) => {
  const file = once(`lines-${scale}`, () => linesFile(scale));
  let n = 0;
  {
    await using f = await open(file.path);
    for await (const _ of f) n++;
  }
  checkCount(n, file.lines, "F1lines");
  return { ops: n, extra: { how: "for-await" } };
};

const nodeF1w: Workload = async (scale) => {
  const path = join(scratch(), "w-node.bin");
  const chunk = Buffer.alloc(F1.chunk, 0x62);
  const n = Math.round((F1.total * scale) / F1.chunk);
  const fh = await openHandle(path, "w");
  for (let i = 0; i < n; i++) await fh.write(chunk);
  await fh.close();
  return { ops: n };
};

const nodeF1r: Workload = async (scale) => {
  const path = once(`big-${scale}`, () => bigFile(scale));
  const fh = await openHandle(path, "r");
  let bytes = 0;
  for (;;) {
    const buf = Buffer.allocUnsafe(F1.chunk);
    const { bytesRead } = await fh.read(buf, 0, F1.chunk, null);
    if (bytesRead === 0) break;
    bytes += bytesRead;
  }
  await fh.close();
  checkCount(bytes, Math.round((F1.total * scale) / F1.chunk) * F1.chunk, "F1r");
  return { ops: bytes / F1.chunk, extra: { how: "FileHandle" } };
};

const nodeF1lines: Workload = async (scale) => {
  const file = once(`lines-${scale}`, () => linesFile(scale));
  const rl = createInterface({ input: createReadStream(file.path), crlfDelay: Number.POSITIVE_INFINITY });
  let n = 0;
  for await (const _ of rl) n++;
  checkCount(n, file.lines, "F1lines");
  return { ops: n, extra: { how: "readline" } };
};

export const aioFiles: Record<string, Workload> = {
  F1w: Object.assign(aioF1w, { teardown }),
  F1r: Object.assign(aioF1r, { teardown }),
  F1lines: Object.assign(aioF1lines, { teardown }),
  F1linesForAwait: Object.assign(aioF1linesForAwait, { teardown }),
};

export const nodeFiles: Record<string, Workload> = {
  F1w: Object.assign(nodeF1w, { teardown }),
  F1r: Object.assign(nodeF1r, { teardown }),
  F1lines: Object.assign(nodeF1lines, { teardown }),
};
