/**
 * Hashing a tree on the farm: list the files, submit one job per file to the queue executor, and
 * take the results as they complete (asCompleted), reporting progress as they come.
 */
import { join } from "node:path";
import { wrapFuture } from "@aio/executor";
import { os } from "@aio/fs";
import type { QueueExecutor } from "@aio/queue-executor";
import { asCompleted, type Coro, isCancelledError } from "@aio/task";
import type { FileHash } from "./jobs.js";

/** A file to hash: its path and size. */
export interface FileEntry {
  path: string;
  size: number;
}

/** Where a run is: files and bytes done, of the total. */
export interface Progress {
  files: number;
  totalFiles: number;
  bytes: number;
  totalBytes: number;
}

/** What a run found. */
export interface FarmReport {
  /** One per file hashed, sorted by path. */
  hashes: FileHash[];
  /** Files whose job failed, with the error. */
  failures: { path: string; error: Error }[];
  /** Files hashed by each worker (host:pid). */
  workers: Map<string, number>;
  seconds: number;
}

/** The regular files under `root` (symbolic links are not followed), sorted by path. */
export function* listFiles(root: string): Coro<FileEntry[]> {
  const out: FileEntry[] = [];
  const pending = [root];
  while (pending.length > 0) {
    const dir = pending.pop() as string;
    for (const entry of yield* os.scandir(dir)) {
      if (entry.isSymlink()) continue;
      if (entry.isDir()) pending.push(entry.path);
      else if (entry.isFile()) out.push({ path: entry.path, size: (yield* os.stat(entry.path)).size });
    }
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Hashes every file under `root` on the workers behind `executor`. */
export function* hashTree(
  root: string,
  options: { executor: QueueExecutor; algorithm?: string; onProgress?: (p: Progress) => void },
): Coro<FarmReport> {
  const start = performance.now();
  const { executor, algorithm = "sha256", onProgress } = options;
  const files = yield* listFiles(root);
  const progress: Progress = {
    files: 0,
    totalFiles: files.length,
    bytes: 0,
    totalBytes: files.reduce((n, f) => n + f.size, 0),
  };
  onProgress?.({ ...progress });
  const futures = files.map((f) => wrapFuture(executor.submit<FileHash>("hashFile", f.path, algorithm)));
  const pathOf = new Map(futures.map((fut, i) => [fut, (files[i] as FileEntry).path]));
  const hashes: FileHash[] = [];
  const failures: { path: string; error: Error }[] = [];
  const workers = new Map<string, number>();
  for (const next of asCompleted(futures)) {
    try {
      const h = yield* next;
      hashes.push(h);
      workers.set(h.worker, (workers.get(h.worker) ?? 0) + 1);
      progress.bytes += h.size;
    } catch (e) {
      // Cancelled (the run, not a job): stop, as a task must.
      if (isCancelledError(e)) throw e;
      // asCompleted yields awaitables, not the futures: find which file failed by elimination.
      const failed = futures.find((f) => f.done() && !f.cancelled() && f.exception() === e);
      failures.push({ path: failed ? (pathOf.get(failed) as string) : "?", error: e as Error });
    }
    progress.files++;
    onProgress?.({ ...progress });
  }
  hashes.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  failures.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { hashes, failures, workers, seconds: (performance.now() - start) / 1000 };
}

/** `path` relative to `root`, as sha256sum prints it when run in `root`. */
export function relative(root: string, path: string): string {
  const prefix = join(root, "/");
  return path.startsWith(prefix) ? path.slice(prefix.length) : path;
}
