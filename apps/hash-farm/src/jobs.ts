/**
 * The farm's job, served by its workers (`src/worker.ts`, or `aio-jobs worker src/jobs.ts` on
 * another machine that sees the same files): hash one file.
 */
import { createHash, getHashes } from "node:crypto";
import { hostname } from "node:os";
import { open } from "@aio/fs";
import type { JobContext } from "@aio/queue-executor";
import { using } from "@aio/task";

/** What a worker found for one file. */
export interface FileHash {
  path: string;
  size: number;
  digest: string;
  /** host:pid of the worker that hashed it. */
  worker: string;
}

const CHUNK = 1 << 20;

/** Hashes the file at `path` with `algorithm` (any of Node's, e.g. sha256), reading 1 MiB at a time. */
export function* hashFile(this: JobContext, path: string, algorithm: string) {
  if (!getHashes().includes(algorithm)) throw new TypeError(`unsupported hash algorithm '${algorithm}'`);
  const hash = createHash(algorithm);
  let size = 0;
  const signal = this.signal;
  yield* using(open(path, "rb"), function* (f) {
    for (;;) {
      const chunk = yield* f.read(CHUNK);
      if (chunk.length === 0) break;
      hash.update(chunk);
      size += chunk.length;
      signal.throwIfAborted();
    }
  });
  const result: FileHash = { path, size, digest: hash.digest("hex"), worker: `${hostname()}:${process.pid}` };
  return result;
}
