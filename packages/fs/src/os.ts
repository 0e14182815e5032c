/**
 * File-system calls as coroutines, with Python's errors: aiofiles' `aiofiles.os`.
 * @example
 * yield* os.makedirs("downloaded_sites", { existOk: true });
 * for (const name of yield* os.listdir(".")) console.log(name);
 */

import * as fs from "node:fs";
import * as fsp from "node:fs/promises";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import type { Coro } from "@aio/task";
import { refuseAwait } from "@aio/task/internal";
import { ERRNO } from "./errno.js";
import { FileExistsError, OSError, type PathLike } from "./errors.js";
import { intArgument } from "./file.js";
import { checkPath } from "./open.js";
import { call } from "./syscall.js";

export * as path from "./os-path.js";

/** Test for existence, in {@link access}. */
export const F_OK: number = fs.constants.F_OK;
/** Test for reading, in {@link access}. */
export const R_OK: number = fs.constants.R_OK;
/** Test for writing, in {@link access}. */
export const W_OK: number = fs.constants.W_OK;
/** Test for running, in {@link access}. */
export const X_OK: number = fs.constants.X_OK;

/**
 * The file's status (Node's `Stats`: `size`, `mtimeMs`, `isFile()`…); with `followSymlinks: false`,
 * of a link itself. Python: `await aiofiles.os.stat(path)`.
 */
export function* stat(path: PathLike, options: { followSymlinks?: boolean } = {}): Coro<fs.Stats> {
  checkPath(path);
  return yield* call(() => (options.followSymlinks === false ? fsp.lstat(path) : fsp.stat(path)), path);
}

/** The status of a link itself. Python: `os.lstat(path)`. */
export function* lstat(path: PathLike): Coro<fs.Stats> {
  checkPath(path);
  return yield* call(() => fsp.lstat(path), path);
}

/** The file system's status (Node's `StatFs`: `bsize`, `blocks`, `bfree`…). Python: `await aiofiles.os.statvfs(path)`. */
export function* statvfs(path: PathLike): Coro<fs.StatsFs> {
  checkPath(path);
  return yield* call(() => fsp.statfs(path), path);
}

/** Renames `src` to `dst`, replacing a file there. Python: `await aiofiles.os.rename(src, dst)`. */
export function* rename(src: PathLike, dst: PathLike): Coro<void> {
  checkPath(src);
  checkPath(dst);
  yield* call(() => fsp.rename(src, dst), src, dst);
}

/** Renames `src` to `dst`, replacing a file or empty directory there. Python: `await aiofiles.os.replace(src, dst)`. */
export function* replace(src: PathLike, dst: PathLike): Coro<void> {
  yield* rename(src, dst);
}

/**
 * Renames, creating the directories `dst` needs and removing the ones `src` leaves empty.
 * Python: `await aiofiles.os.renames(old, new)`.
 */
export function* renames(src: PathLike, dst: PathLike): Coro<void> {
  checkPath(src);
  checkPath(dst);
  const [head, tail] = split(pathText(dst));
  if (head !== "" && tail !== "") yield* makedirs(head, { existOk: true });
  yield* rename(src, dst);
  const [old, name] = split(pathText(src));
  if (old !== "" && name !== "") {
    try {
      yield* removedirs(old);
    } catch (err) {
      if (!(err instanceof OSError)) throw err;
    }
  }
}

/** Removes a file. Python: `await aiofiles.os.remove(path)`. */
export function* remove(path: PathLike): Coro<void> {
  checkPath(path);
  yield* call(() => fsp.unlink(path), path);
}

/** Removes a file. Python: `await aiofiles.os.unlink(path)`. */
export function* unlink(path: PathLike): Coro<void> {
  yield* remove(path);
}

/** Creates a directory. Python: `await aiofiles.os.mkdir(path, mode=0o777)`. */
export function* mkdir(path: PathLike, mode = 0o777): Coro<void> {
  checkPath(path);
  intArgument(mode);
  yield* call(() => fsp.mkdir(path, { mode }), path);
}

/**
 * Creates a directory and the missing ones above it; with `existOk`, an existing directory is
 * fine (an existing file never is). Python: `await aiofiles.os.makedirs(name, mode, exist_ok)`.
 */
export function* makedirs(path: PathLike, options: { mode?: number; existOk?: boolean } = {}): Coro<void> {
  checkPath(path);
  const mode = options.mode ?? 0o777;
  let created: string | undefined;
  if (mode === 0o777) {
    created = yield* call(() => fsp.mkdir(path, { recursive: true, mode }), path);
  } else {
    // As Python's: only the leaf gets `mode`; the missing directories above it get the default.
    const head = parentOf(path);
    yield* call(() => fsp.mkdir(head, { recursive: true }), head);
    created = yield* call(
      () =>
        fsp.mkdir(path, { mode }).then(
          () => String(path),
          (err: NodeJS.ErrnoException) => {
            if (err.code === "EEXIST") return undefined;
            throw err;
          },
        ),
      path,
    );
  }
  if (created !== undefined) return;
  // Nothing was created: it exists. Python: FileExistsError unless exist_ok and a directory.
  const isDir = yield* call(() => fsp.stat(path).then((s) => s.isDirectory()), path);
  if (!options.existOk || !isDir) throw new FileExistsError(17, undefined, path);
}

/** The directory holding `path` (`.` for a bare name), of the same kind (a Buffer's bytes kept). */
function parentOf(path: PathLike): string | Buffer {
  if (path instanceof URL) return dirname(fileURLToPath(path));
  if (Buffer.isBuffer(path)) return Buffer.from(dirname(path.toString("latin1")), "latin1");
  return dirname(path);
}

/** Removes an empty directory. Python: `await aiofiles.os.rmdir(path)`. */
export function* rmdir(path: PathLike): Coro<void> {
  checkPath(path);
  yield* call(() => fsp.rmdir(path), path);
}

/**
 * Removes a directory, then each parent that becomes empty, stopping quietly at the first that
 * cannot be removed. Python: `await aiofiles.os.removedirs(name)`.
 */
export function* removedirs(path: PathLike): Coro<void> {
  yield* rmdir(path);
  let [head, tail] = split(pathText(path));
  if (tail === "") [head, tail] = split(head);
  while (head !== "" && tail !== "") {
    try {
      yield* rmdir(head);
    } catch (err) {
      if (err instanceof OSError) return;
      throw err;
    }
    [head, tail] = split(head);
  }
}

/** A path as text: a file URL's path, a Buffer's bytes (UTF-8). */
function pathText(path: PathLike): string {
  if (path instanceof URL) return fileURLToPath(path);
  return typeof path === "string" ? path : path.toString();
}

/** Python's `os.path.split`: the head (without its trailing slashes, unless all slashes) and the tail. */
function split(path: string): [string, string] {
  const i = path.lastIndexOf("/") + 1;
  const head = path.slice(0, i);
  return [/^\/*$/.test(head) ? head : head.replace(/\/+$/, ""), path.slice(i)];
}

/** Python's `os.path.join(dir, name)`: `dir/name`, without doubling a trailing slash. */
function joinName(dir: string, name: string): string {
  return dir === "" || dir.endsWith("/") ? dir + name : `${dir}/${name}`;
}

/** A hard link `dst` to `src`. Python: `await aiofiles.os.link(src, dst)`. */
export function* link(src: PathLike, dst: PathLike): Coro<void> {
  checkPath(src);
  checkPath(dst);
  yield* call(() => fsp.link(src, dst), src, dst);
}

/** A symbolic link `dst` pointing to `src`. Python: `await aiofiles.os.symlink(src, dst)`. */
export function* symlink(src: PathLike, dst: PathLike): Coro<void> {
  checkPath(src);
  checkPath(dst);
  yield* call(() => fsp.symlink(src, dst), src, dst);
}

/** Where a symbolic link points. Python: `await aiofiles.os.readlink(path)`. */
export function* readlink(path: PathLike): Coro<string> {
  checkPath(path);
  return yield* call(() => fsp.readlink(path), path);
}

/** The names in a directory (not `.` and `..`). Python: `await aiofiles.os.listdir(path=".")`. */
export function* listdir(path: PathLike = "."): Coro<string[]> {
  checkPath(path);
  return yield* call(() => fsp.readdir(path), path);
}

/**
 * An entry of {@link scandir}: its name, path and type, known without another call.
 * Python: `os.DirEntry`.
 */
export class DirEntry {
  /** The entry's name. */
  readonly name: string;
  /** The directory's path joined with the name, as given (`./name` for `.`). */
  readonly path: string;
  readonly #dirent: fs.Dirent;
  readonly #target: fs.Stats | null;

  /** @internal */
  constructor(dir: string, dirent: fs.Dirent, target: fs.Stats | null) {
    this.name = dirent.name;
    this.path = joinName(dir, dirent.name);
    this.#dirent = dirent;
    this.#target = target;
  }

  /** A directory (or a link to one, unless `followSymlinks` is false). Python: `entry.is_dir()`. */
  isDir(options: { followSymlinks?: boolean } = {}): boolean {
    if (this.#dirent.isSymbolicLink() && options.followSymlinks !== false)
      return this.#target?.isDirectory() ?? false;
    return this.#dirent.isDirectory();
  }
  /** A regular file (or a link to one, unless `followSymlinks` is false). Python: `entry.is_file()`. */
  isFile(options: { followSymlinks?: boolean } = {}): boolean {
    if (this.#dirent.isSymbolicLink() && options.followSymlinks !== false)
      return this.#target?.isFile() ?? false;
    return this.#dirent.isFile();
  }
  /** A symbolic link. Python: `entry.is_symlink()`. */
  isSymlink(): boolean {
    return this.#dirent.isSymbolicLink();
  }
  /** The entry's status. Python: `entry.stat()`. */
  *stat(options: { followSymlinks?: boolean } = {}): Coro<fs.Stats> {
    return yield* stat(this.path, options);
  }
  toString(): string {
    return `<DirEntry '${this.name}'>`;
  }
}
refuseAwait(DirEntry.prototype.stat, "stat");

/** The entries of a directory, with their types. Python: `await aiofiles.os.scandir(path=".")`. */
export function* scandir(path: PathLike = "."): Coro<DirEntry[]> {
  checkPath(path);
  const dir = pathText(path);
  return yield* call(async () => {
    const dirents = await fsp.readdir(path, { withFileTypes: true });
    return Promise.all(
      dirents.map(async (d) => {
        // A link's target is looked at once here, so is_dir()/is_file() stay synchronous.
        const target = d.isSymbolicLink() ? await fsp.stat(joinName(dir, d.name)).catch(() => null) : null;
        return new DirEntry(dir, d, target);
      }),
    );
  }, path);
}

/**
 * Whether the file may be accessed as `mode` asks ({@link F_OK}, or {@link R_OK} | {@link W_OK} |
 * {@link X_OK}); false rather than an error. Python: `await aiofiles.os.access(path, mode)`.
 */
export function* access(path: PathLike, mode: number): Coro<boolean> {
  checkPath(path);
  intArgument(mode);
  return yield* call(() =>
    fsp.access(path, mode).then(
      () => true,
      () => false,
    ),
  );
}

/** The working directory. Python: `await aiofiles.os.getcwd()`. */
export function* getcwd(): Coro<string> {
  return process.cwd();
}

/**
 * Copies `count` bytes from descriptor `inFd` at `offset` to descriptor `outFd` (at its position),
 * returning how many were copied (0 at the end of the input). Python: `await aiofiles.os.sendfile(out_fd, in_fd, offset, count)`.
 */
export function* sendfile(outFd: number, inFd: number, offset: number, count: number): Coro<number> {
  for (const n of [outFd, inFd, offset, count]) intArgument(n);
  if (outFd < 0 || inFd < 0) throw OSError.fromErrno(ERRNO.EBADF);
  return yield* call(async () => {
    const buf = Buffer.allocUnsafe(Math.min(count, 1 << 20));
    let sent = 0;
    while (sent < count) {
      const n = await new Promise<number>((resolve, reject) =>
        fs.read(inFd, buf, 0, Math.min(buf.length, count - sent), offset + sent, (e, r) =>
          e ? reject(e) : resolve(r),
        ),
      );
      if (n === 0) break;
      for (let done = 0; done < n; ) {
        done += await new Promise<number>((resolve, reject) =>
          fs.write(outFd, buf, done, n - done, null, (e, w) => (e ? reject(e) : resolve(w))),
        );
      }
      sent += n;
    }
    return sent;
  });
}

for (const f of [stat, lstat, statvfs, rename, replace, renames, remove, unlink, mkdir, makedirs, rmdir]) {
  refuseAwait(f, f.name);
}
for (const f of [removedirs, link, symlink, readlink, listdir, scandir, access, getcwd, sendfile]) {
  refuseAwait(f, f.name);
}
