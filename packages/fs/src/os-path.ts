/**
 * Path tests as coroutines: aiofiles' `aiofiles.os.path`. The tests (`exists`, `isfile`…) answer
 * false for a path that cannot be looked at; the getters raise Python's OSError.
 * @example
 * if (yield* os.path.exists("input.txt")) console.log(yield* os.path.getsize("input.txt"));
 */
import { type BigIntStats, fstat, type Stats } from "node:fs";
import * as fsp from "node:fs/promises";
import { dirname, resolve } from "node:path";
import type { Coro } from "@aio/task";
import { refuseAwait } from "@aio/task/internal";
import { ERRNO } from "./errno.js";
import { OSError, type PathLike } from "./errors.js";
import { intArgument } from "./file.js";
import { checkPath } from "./open.js";
import { call } from "./syscall.js";

function* statOrNull(path: PathLike, link = false): Coro<Stats | null> {
  try {
    checkPath(path);
  } catch {
    return null;
  }
  return yield* call(() => (link ? fsp.lstat(path) : fsp.stat(path)).catch(() => null));
}

/** Whether the path exists (following links). Python: `await aiofiles.os.path.exists(path)`. */
export function* exists(path: PathLike): Coro<boolean> {
  return (yield* statOrNull(path)) !== null;
}

/** Whether it is a regular file (following links). Python: `await aiofiles.os.path.isfile(path)`. */
export function* isfile(path: PathLike): Coro<boolean> {
  return (yield* statOrNull(path))?.isFile() ?? false;
}

/** Whether it is a directory (following links). Python: `await aiofiles.os.path.isdir(path)`. */
export function* isdir(path: PathLike): Coro<boolean> {
  return (yield* statOrNull(path))?.isDirectory() ?? false;
}

/** Whether it is a symbolic link. Python: `await aiofiles.os.path.islink(path)`. */
export function* islink(path: PathLike): Coro<boolean> {
  return (yield* statOrNull(path, true))?.isSymbolicLink() ?? false;
}

/** Whether it is a mount point. Python: `await aiofiles.os.path.ismount(path)`. */
export function* ismount(path: PathLike): Coro<boolean> {
  const st = yield* statOrNull(path, true);
  if (st === null || st.isSymbolicLink()) return false;
  // Python compares with lstat(realpath(join(path, ".."))): the parent reached through the links on
  // the way, not the one a lexical "..", which may be a link on another device, would give.
  const real = yield* call(() => fsp.realpath(path).catch(() => null));
  if (real === null) return false;
  const parent = yield* statOrNull(dirname(real), true);
  if (parent === null) return false;
  return st.dev !== parent.dev || st.ino === parent.ino;
}

function* bigStat(path: PathLike): Coro<BigIntStats> {
  checkPath(path);
  return yield* call(() => fsp.stat(path, { bigint: true }), path);
}

/** The size in bytes. Python: `await aiofiles.os.path.getsize(path)`. */
export function* getsize(path: PathLike): Coro<number> {
  checkPath(path);
  return (yield* call(() => fsp.stat(path), path)).size;
}

/** Seconds since the epoch, from nanoseconds as Python computes `st_mtime`. */
function seconds(ns: bigint): number {
  return Number(ns / 1_000_000_000n) + Number(ns % 1_000_000_000n) * 1e-9;
}

/** Last modification, in seconds since the epoch. Python: `await aiofiles.os.path.getmtime(path)`. */
export function* getmtime(path: PathLike): Coro<number> {
  return seconds((yield* bigStat(path)).mtimeNs);
}

/** Last access, in seconds since the epoch. Python: `await aiofiles.os.path.getatime(path)`. */
export function* getatime(path: PathLike): Coro<number> {
  return seconds((yield* bigStat(path)).atimeNs);
}

/** Last status change, in seconds since the epoch. Python: `await aiofiles.os.path.getctime(path)`. */
export function* getctime(path: PathLike): Coro<number> {
  return seconds((yield* bigStat(path)).ctimeNs);
}

/** Whether both paths are the same file (device and inode). Python: `await aiofiles.os.path.samefile(a, b)`. */
export function* samefile(a: PathLike, b: PathLike): Coro<boolean> {
  const sa = yield* bigStat(a);
  const sb = yield* bigStat(b);
  return sa.dev === sb.dev && sa.ino === sb.ino;
}

/** The status of an open descriptor; `[Errno 9] Bad file descriptor` if it is not one. */
function* bigFstat(fd: number): Coro<BigIntStats> {
  intArgument(fd);
  if (fd < 0) throw OSError.fromErrno(ERRNO.EBADF);
  return yield* call(
    () =>
      new Promise<BigIntStats>((resolve, reject) =>
        fstat(fd, { bigint: true }, (err, st) => (err ? reject(err) : resolve(st))),
      ),
  );
}

/**
 * Whether two descriptors are open on the same file (device and inode), as `f.fileno()` gives
 * them. Python: `await aiofiles.os.path.sameopenfile(fp1, fp2)`.
 */
export function* sameopenfile(fd1: number, fd2: number): Coro<boolean> {
  const s1 = yield* bigFstat(fd1);
  const s2 = yield* bigFstat(fd2);
  return s1.dev === s2.dev && s1.ino === s2.ino;
}

/** The absolute path. Python: `await aiofiles.os.path.abspath(path)`. */
export function* abspath(path: PathLike): Coro<string> {
  checkPath(path);
  return resolve(String(path));
}

for (const f of [
  exists,
  isfile,
  isdir,
  islink,
  ismount,
  getsize,
  getmtime,
  getatime,
  getctime,
  samefile,
  sameopenfile,
  abspath,
]) {
  refuseAwait(f, f.name);
}
