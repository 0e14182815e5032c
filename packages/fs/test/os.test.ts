import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { runtimeState, type Tracer } from "@aio/loop/internal";
import { describe, expect, it } from "vitest";
import {
  FileExistsError,
  FileNotFoundError,
  IsADirectoryError,
  NotADirectoryError,
  type OSError,
  open,
  os,
} from "../src/index.js";
import { catching, inLoop, scratch } from "./helpers.js";

describe("os: file-system calls with Python's errors", () => {
  it("stat, lstat, rename, replace, remove, unlink", async () => {
    const dir = scratch();
    const a = join(dir, "a.txt");
    writeFileSync(a, "12345");
    symlinkSync(a, join(dir, "link"));
    await inLoop(function* () {
      expect((yield* os.stat(a)).size).toBe(5);
      expect((yield* os.stat(join(dir, "link"))).isFile()).toBe(true);
      expect((yield* os.lstat(join(dir, "link"))).isSymbolicLink()).toBe(true);
      expect((yield* os.stat(join(dir, "link"), { followSymlinks: false })).isSymbolicLink()).toBe(true);
      yield* os.rename(a, join(dir, "b.txt"));
      writeFileSync(a, "new");
      yield* os.replace(a, join(dir, "b.txt"));
      expect(readFileSync(join(dir, "b.txt"), "utf8")).toBe("new");
      const missing = yield* catching(os.rename(join(dir, "nope"), join(dir, "b.txt")));
      expect(missing).toBeInstanceOf(FileNotFoundError);
      expect((missing as OSError).message).toBe(
        `[Errno 2] No such file or directory: '${join(dir, "nope")}' -> '${join(dir, "b.txt")}'`,
      );
      expect(missing).toMatchObject({ errno: 2, strerror: "No such file or directory", code: "ENOENT" });
      yield* os.remove(join(dir, "b.txt"));
      yield* os.unlink(join(dir, "link"));
      const gone = yield* catching(os.remove(join(dir, "b.txt")));
      expect((gone as OSError).message).toBe(`[Errno 2] No such file or directory: '${join(dir, "b.txt")}'`);
      const isDir = yield* catching(os.remove(dir));
      expect(isDir).toBeInstanceOf(IsADirectoryError);
      expect((isDir as OSError).message).toBe(`[Errno 21] Is a directory: '${dir}'`);
    });
  });

  it("mkdir, makedirs (existOk), rmdir, removedirs, renames", async () => {
    const dir = scratch();
    await inLoop(function* () {
      yield* os.mkdir(join(dir, "m"));
      const exists = yield* catching(os.mkdir(join(dir, "m")));
      expect(exists).toBeInstanceOf(FileExistsError);
      expect((exists as OSError).message).toBe(`[Errno 17] File exists: '${join(dir, "m")}'`);
      yield* os.makedirs(join(dir, "x", "y", "z"));
      yield* os.makedirs(join(dir, "x", "y", "z"), { existOk: true });
      const again = yield* catching(os.makedirs(join(dir, "x", "y", "z")));
      expect((again as OSError).message).toBe(`[Errno 17] File exists: '${join(dir, "x", "y", "z")}'`);
      writeFileSync(join(dir, "file"), "");
      const onFile = yield* catching(os.makedirs(join(dir, "file"), { existOk: true }));
      expect(onFile).toBeInstanceOf(FileExistsError);
      const under = yield* catching(os.mkdir(join(dir, "file", "sub")));
      expect(under).toBeInstanceOf(NotADirectoryError);
      expect((under as OSError).message).toBe(`[Errno 20] Not a directory: '${join(dir, "file", "sub")}'`);
      writeFileSync(join(dir, "x", "y", "z", "f"), "f");
      const notEmpty = yield* catching(os.rmdir(join(dir, "x", "y", "z")));
      expect((notEmpty as OSError).message).toBe(
        `[Errno 39] Directory not empty: '${join(dir, "x", "y", "z")}'`,
      );
      yield* os.renames(join(dir, "x", "y", "z", "f"), join(dir, "p", "q", "f"));
      expect(existsSync(join(dir, "x"))).toBe(false); // emptied directories pruned
      expect(readFileSync(join(dir, "p", "q", "f"), "utf8")).toBe("f");
      yield* os.remove(join(dir, "p", "q", "f"));
      yield* os.removedirs(join(dir, "p", "q"));
      expect(existsSync(join(dir, "p"))).toBe(false);
      expect(existsSync(dir)).toBe(true); // stops at the first directory that is not empty
      yield* os.rmdir(join(dir, "m"));
    });
  });

  it("listdir, scandir, link, symlink, readlink, access, getcwd, statvfs", async () => {
    const dir = scratch();
    writeFileSync(join(dir, "f.txt"), "x");
    mkdirSync(join(dir, "sub"));
    await inLoop(function* () {
      yield* os.link(join(dir, "f.txt"), join(dir, "hard.txt"));
      yield* os.symlink(join(dir, "sub"), join(dir, "to-sub"));
      expect(yield* os.readlink(join(dir, "to-sub"))).toBe(join(dir, "sub"));
      expect((yield* os.listdir(dir)).sort()).toEqual(["f.txt", "hard.txt", "sub", "to-sub"]);
      const entries = (yield* os.scandir(dir)).sort((a, b) => a.name.localeCompare(b.name));
      expect(entries.map((e) => [e.name, e.isFile(), e.isDir(), e.isSymlink()])).toEqual([
        ["f.txt", true, false, false],
        ["hard.txt", true, false, false],
        ["sub", false, true, false],
        ["to-sub", false, true, true],
      ]);
      expect(entries[3]?.isDir({ followSymlinks: false })).toBe(false);
      expect((yield* (entries[0] as os.DirEntry).stat()).nlink).toBe(2);
      expect(entries[0]?.path).toBe(join(dir, "f.txt"));
      expect(yield* os.access(join(dir, "f.txt"), os.R_OK | os.W_OK)).toBe(true);
      expect(yield* os.access(join(dir, "missing"), os.F_OK)).toBe(false);
      expect(yield* os.getcwd()).toBe(process.cwd());
      expect((yield* os.statvfs(dir)).bsize).toBeGreaterThan(0);
      const nothing = yield* catching(os.listdir(join(dir, "missing")));
      expect((nothing as OSError).message).toBe(
        `[Errno 2] No such file or directory: '${join(dir, "missing")}'`,
      );
    });
  });

  it("sendfile copies between descriptors", async () => {
    const dir = scratch();
    writeFileSync(join(dir, "src"), "0123456789".repeat(1000));
    await inLoop(function* () {
      const src = yield* open(join(dir, "src"), "rb");
      const dst = yield* open(join(dir, "dst"), "wb");
      expect(yield* os.sendfile(dst.fileno(), src.fileno(), 5, 20)).toBe(20);
      expect(yield* os.sendfile(dst.fileno(), src.fileno(), 9990, 100)).toBe(10);
      yield* src.close();
      yield* dst.close();
    });
    expect(readFileSync(join(dir, "dst"), "utf8")).toBe(`${"56789012345678901234"}0123456789`);
  });
});

describe("fs operations in a trace", () => {
  it("each is an outside operation of kind fs naming its path (none for a descriptor), started and ended", async () => {
    // What @aio/debug's tracing records: the loop hands every outside operation to the tracer.
    const dir = scratch();
    writeFileSync(join(dir, "f"), "1");
    const ops: [string, string][] = [];
    let ended = 0;
    const tracer = new Proxy({} as Tracer, {
      get: (_, key) =>
        key === "operationStart"
          ? (_loop: unknown, kind: string, detail: string) => ops.push([kind, detail]) - 1
          : key === "operationEnd"
            ? () => {
                ended++;
              }
            : () => {},
    });
    runtimeState.tracer = tracer;
    try {
      await inLoop(function* () {
        yield* os.stat(join(dir, "f"));
        const fd = openSync(join(dir, "f"), "r");
        try {
          yield* os.path.sameopenfile(fd, fd);
        } finally {
          closeSync(fd);
        }
      });
    } finally {
      runtimeState.tracer = null;
    }
    expect(ops).toEqual([
      ["fs", join(dir, "f")],
      ["fs", ""],
      ["fs", ""],
    ]);
    expect(ended).toBe(3);
  });
});

describe("os.path", () => {
  it("exists, isfile, isdir, islink, ismount: false for what cannot be looked at", async () => {
    const dir = scratch();
    writeFileSync(join(dir, "f"), "");
    symlinkSync(join(dir, "gone"), join(dir, "dangling"));
    const got = await inLoop(function* () {
      return {
        exists: [yield* os.path.exists(join(dir, "f")), yield* os.path.exists(join(dir, "nope"))],
        nul: yield* os.path.exists("a\0b"),
        isfile: [yield* os.path.isfile(join(dir, "f")), yield* os.path.isfile(dir)],
        isdir: [yield* os.path.isdir(dir), yield* os.path.isdir(join(dir, "f"))],
        islink: [yield* os.path.islink(join(dir, "dangling")), yield* os.path.exists(join(dir, "dangling"))],
        ismount: [yield* os.path.ismount("/"), yield* os.path.ismount(dir), yield* os.path.ismount("/proc")],
      };
    });
    expect(got).toEqual({
      exists: [true, false],
      nul: false,
      isfile: [true, false],
      isdir: [true, false],
      islink: [true, false],
      ismount: [true, false, true],
    });
  });

  it("isfile, isdir, islink: false for a missing path and for a name with a null byte, as Python's", async () => {
    const dir = scratch();
    const got = await inLoop(function* () {
      const answers: boolean[] = [];
      for (const path of [join(dir, "nope"), "a\0b"]) {
        answers.push(yield* os.path.isfile(path), yield* os.path.isdir(path), yield* os.path.islink(path));
      }
      return answers;
    });
    expect(got).toEqual([false, false, false, false, false, false]);
  });

  it("ismount: false for a link (even to a mount point) and a missing path; the parent is the real one, through links", async () => {
    const dir = scratch();
    symlinkSync("/proc", join(dir, "proc"));
    symlinkSync("/proc/tty", join(dir, "tty"));
    const got = await inLoop(function* () {
      return {
        link: yield* os.path.ismount(join(dir, "proc")),
        linkInMount: yield* os.path.ismount(join(dir, "tty")), // the link's device is not /proc's
        missing: yield* os.path.ismount(join(dir, "nope")),
        // /proc/tty is no mount point: its real parent /proc is on the same device. The lexical
        // parent, the link (on the scratch directory's device), is not what Python compares with.
        through: yield* os.path.ismount(join(dir, "proc", "tty")),
        dotdot: yield* os.path.ismount(`${dir}/proc/tty/..`), // /proc (join would drop the "..")
        root: yield* os.path.ismount(`${dir}/proc/..`), // /
      };
    });
    // What CPython 3.11's os.path.ismount answers for each.
    expect(got).toEqual({
      link: false,
      linkInMount: false,
      missing: false,
      through: false,
      dotdot: true,
      root: true,
    });
  });

  it("samefile, sameopenfile: not the same for different files, nor for one inode number on two devices", async () => {
    const dir = scratch();
    writeFileSync(join(dir, "f"), "1");
    writeFileSync(join(dir, "g"), "1");
    // /proc and /sys are both inode 1, each on its own device: CPython says False for both.
    expect(statSync("/proc").ino).toBe(statSync("/sys").ino);
    const proc = openSync("/proc", "r");
    const sys = openSync("/sys", "r");
    try {
      const got = await inLoop(function* () {
        return [
          yield* os.path.samefile(join(dir, "f"), join(dir, "g")),
          yield* os.path.samefile("/proc", "/sys"),
          yield* os.path.sameopenfile(proc, sys),
          yield* os.path.sameopenfile(proc, proc),
          // Descriptor 0 is a descriptor like any other (only negative ones are refused).
          yield* os.path.sameopenfile(0, 0),
        ];
      });
      expect(got).toEqual([false, false, false, true, true]);
    } finally {
      closeSync(proc);
      closeSync(sys);
    }
  });

  it("each os.path coroutine refuses a plain await, naming itself", async () => {
    const names = ["exists", "isfile", "isdir", "islink", "ismount", "getsize", "getmtime", "getatime"];
    names.push("getctime", "samefile", "sameopenfile", "abspath");
    for (const name of names) {
      const f = (os.path as unknown as Record<string, (...args: unknown[]) => unknown>)[name] as (
        ...args: unknown[]
      ) => unknown;
      await expect((async () => await f("x", "y"))()).rejects.toThrow(
        `${name}() was awaited with await, which does not run it`,
      );
    }
  });

  it("getsize, getmtime, getatime, getctime, samefile, abspath", async () => {
    const dir = scratch();
    writeFileSync(join(dir, "f"), "12345");
    const st = statSync(join(dir, "f"), { bigint: true });
    await inLoop(function* () {
      expect(yield* os.path.getsize(join(dir, "f"))).toBe(5);
      expect(yield* os.path.getmtime(join(dir, "f"))).toBeCloseTo(Number(st.mtimeNs) / 1e9, 6);
      expect(yield* os.path.getatime(join(dir, "f"))).toBeCloseTo(Number(st.atimeNs) / 1e9, 6);
      expect(yield* os.path.getctime(join(dir, "f"))).toBeCloseTo(Number(st.ctimeNs) / 1e9, 6);
      expect(yield* os.path.samefile(join(dir, "f"), join(dir, ".", "f"))).toBe(true);
      expect(yield* os.path.abspath("x/../y")).toBe(join(process.cwd(), "y"));
      const err = yield* catching(os.path.getsize(join(dir, "nope")));
      expect((err as OSError).message).toBe(`[Errno 2] No such file or directory: '${join(dir, "nope")}'`);
    });
  });

  it("sameopenfile: descriptors open on one file; Python's errors for what is not a descriptor", async () => {
    const dir = scratch();
    writeFileSync(join(dir, "f"), "12345");
    writeFileSync(join(dir, "g"), "12345");
    await inLoop(function* () {
      const a = yield* open(join(dir, "f"), "rb");
      const b = yield* open(join(dir, ".", "f"), "r");
      const c = yield* open(join(dir, "g"), "rb");
      expect(yield* os.path.sameopenfile(a.fileno(), b.fileno())).toBe(true);
      expect(yield* os.path.sameopenfile(a.fileno(), c.fileno())).toBe(false);
      const closed = c.fileno();
      yield* c.close();
      for (const fd of [-1, closed]) {
        const err = yield* catching(os.path.sameopenfile(a.fileno(), fd));
        expect((err as OSError).errno).toBe(9);
        expect((err as OSError).message).toBe("[Errno 9] Bad file descriptor");
      }
      const typeErr = yield* catching(os.path.sameopenfile(a.fileno(), 1.5));
      expect(typeErr).toBeInstanceOf(TypeError);
      expect((typeErr as Error).message).toBe("'float' object cannot be interpreted as an integer");
      yield* a.close();
      yield* b.close();
    });
  });
});
