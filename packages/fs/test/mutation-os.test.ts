import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { FileExistsError, NotADirectoryError, open, os } from "../src/index.js";
import { catching, inLoop, scratch } from "./helpers.js";

describe("os: modes of created directories", () => {
  it("mkdir gives its mode; makedirs gives it to the leaf only, the parents the default (as Python's)", async () => {
    const dir = scratch();
    const bits = (p: string): number => statSync(p).mode & 0o777;
    mkdirSync(join(dir, "reference"));
    const usual = bits(join(dir, "reference")); // 0o777 less the umask
    await inLoop(function* () {
      yield* os.mkdir(join(dir, "m"), 0o700);
      expect(bits(join(dir, "m"))).toBe(0o700 & usual);
      yield* os.makedirs(join(dir, "p", "q", "r"), { mode: 0o711 });
      expect(bits(join(dir, "p"))).toBe(usual);
      expect(bits(join(dir, "p", "q"))).toBe(usual);
      expect(bits(join(dir, "p", "q", "r"))).toBe(0o711 & usual);
      // The same for a Buffer path and a file URL; a trailing slash names the same leaf.
      yield* os.makedirs(Buffer.from(join(dir, "b", "c")), { mode: 0o700 });
      expect([bits(join(dir, "b")), bits(join(dir, "b", "c"))]).toEqual([usual, 0o700 & usual]);
      yield* os.makedirs(pathToFileURL(join(dir, "u", "v")), { mode: 0o700 });
      expect([bits(join(dir, "u")), bits(join(dir, "u", "v"))]).toEqual([usual, 0o700 & usual]);
      yield* os.makedirs(`${join(dir, "s", "t")}/`, { mode: 0o700 });
      expect([bits(join(dir, "s")), bits(join(dir, "s", "t"))]).toEqual([usual, 0o700 & usual]);
      // With a mode, existing is handled as without one.
      yield* os.makedirs(join(dir, "p", "q", "r"), { mode: 0o700, existOk: true });
      expect(bits(join(dir, "p", "q", "r"))).toBe(0o711 & usual);
      const again = yield* catching(os.makedirs(join(dir, "p", "q", "r"), { mode: 0o700 }));
      expect(again).toBeInstanceOf(FileExistsError);
      expect((again as Error).message).toBe(`[Errno 17] File exists: '${join(dir, "p", "q", "r")}'`);
      writeFileSync(join(dir, "file"), "");
      expect(yield* catching(os.makedirs(join(dir, "file"), { mode: 0o700, existOk: true }))).toBeInstanceOf(
        FileExistsError,
      );
      const under = yield* catching(os.makedirs(join(dir, "file", "sub", "leaf"), { mode: 0o700 }));
      expect(under).toBeInstanceOf(NotADirectoryError);
    });
  });

  it("renames: a source directory left not empty stays, without an error; an empty one is pruned", async () => {
    const dir = scratch();
    mkdirSync(join(dir, "a", "deep"), { recursive: true });
    mkdirSync(join(dir, "k", "full"), { recursive: true });
    writeFileSync(join(dir, "a", "deep", "f"), "f");
    writeFileSync(join(dir, "a", "other"), "o");
    writeFileSync(join(dir, "k", "full", "f"), "f");
    writeFileSync(join(dir, "k", "full", "other"), "o");
    await inLoop(function* () {
      yield* os.renames(join(dir, "a", "deep", "f"), join(dir, "n", "e", "w"));
      expect(statSync(join(dir, "n", "e", "w")).isFile()).toBe(true);
      // a/deep was pruned; a holds "other": removing it failed (ENOTEMPTY), quietly.
      expect(yield* os.path.exists(join(dir, "a", "deep"))).toBe(false);
      expect(yield* os.path.exists(join(dir, "a", "other"))).toBe(true);
      // The source's own directory is not empty: nothing is pruned, quietly too (Python's
      // renames ignores removedirs' OSError).
      yield* os.renames(join(dir, "k", "full", "f"), join(dir, "k2", "f"));
      expect(yield* os.path.exists(join(dir, "k", "full", "other"))).toBe(true);
      expect(yield* os.path.exists(join(dir, "k2", "f"))).toBe(true);
    });
  });

  it("renames, removedirs and scandir take file URLs (nothing is made under a 'file:' directory)", async () => {
    const dir = scratch();
    mkdirSync(join(dir, "a", "b"), { recursive: true });
    mkdirSync(join(dir, "s", "t"), { recursive: true });
    writeFileSync(join(dir, "s", "t", "f"), "f");
    symlinkSync(join(dir, "s"), join(dir, "link"));
    const url = (...parts: string[]): URL => pathToFileURL(join(dir, ...parts));
    await inLoop(function* () {
      yield* os.removedirs(url("a", "b"));
      expect(existsSync(join(dir, "a"))).toBe(false); // the empty parent is pruned too
      const entries = (yield* os.scandir(url())).sort((x, y) => x.name.localeCompare(y.name));
      expect(entries.map((e) => [e.path, e.isDir()])).toEqual([
        [join(dir, "link"), true],
        [join(dir, "s"), true],
      ]);
      yield* os.renames(url("s", "t", "f"), url("n", "m", "f"));
      expect(readFileSync(join(dir, "n", "m", "f"), "utf8")).toBe("f");
      expect(existsSync(join(dir, "s"))).toBe(false);
      expect(existsSync("file:")).toBe(false);
    });
  });

  it("scandir: each entry's path is the directory as given joined with its name, as Python's", async () => {
    const dir = scratch();
    mkdirSync(join(dir, "sub"));
    writeFileSync(join(dir, "sub", "f"), "");
    const rel = `./${relative(process.cwd(), dir)}`;
    await inLoop(function* () {
      expect((yield* os.scandir(`${dir}//sub`)).map((e) => e.path)).toEqual([`${dir}//sub/f`]);
      expect((yield* os.scandir(`${dir}/sub/`)).map((e) => e.path)).toEqual([`${dir}/sub/f`]);
      expect((yield* os.scandir(`${rel}/sub`)).map((e) => e.path)).toEqual([`${rel}/sub/f`]);
      const here = yield* os.scandir(".");
      for (const e of here) expect(e.path).toBe(`./${e.name}`);
    });
  });
});

describe("os: directory entries, removedirs, sendfile (the run of rmdir to the end, session 7)", () => {
  it("DirEntry of links: to a file, to a directory, broken; followSymlinks false looks at the link; repr", async () => {
    const dir = scratch();
    writeFileSync(join(dir, "file"), "x");
    mkdirSync(join(dir, "sub"));
    symlinkSync(join(dir, "file"), join(dir, "to-file"));
    symlinkSync(join(dir, "sub"), join(dir, "to-sub"));
    symlinkSync(join(dir, "nowhere"), join(dir, "broken"));
    const rows = await inLoop(function* () {
      const entries = (yield* os.scandir(dir)).sort((a, b) => a.name.localeCompare(b.name));
      const rows: unknown[] = [];
      for (const e of entries) {
        const linkStat = yield* e.stat({ followSymlinks: false });
        rows.push([
          String(e),
          e.isFile(),
          e.isFile({ followSymlinks: false }),
          e.isDir(),
          e.isDir({ followSymlinks: false }),
          e.isSymlink(),
          linkStat.isSymbolicLink(),
        ]);
      }
      return rows;
    });
    // Python: is_file()/is_dir() follow links (false for a broken one); with follow_symlinks=False, not.
    expect(rows).toEqual([
      ["<DirEntry 'broken'>", false, false, false, false, true, true],
      ["<DirEntry 'file'>", true, true, false, false, false, false],
      ["<DirEntry 'sub'>", false, false, true, true, false, false],
      ["<DirEntry 'to-file'>", true, false, false, false, true, true],
      ["<DirEntry 'to-sub'>", false, false, true, false, true, true],
    ]);
  });

  it("removedirs: a trailing slash names the same leaf; it stops at the first parent that stays", async () => {
    const dir = scratch();
    mkdirSync(join(dir, "a", "b", "c"), { recursive: true });
    writeFileSync(join(dir, "keep"), "x");
    await inLoop(() => os.removedirs(`${join(dir, "a", "b", "c")}/`));
    expect(existsSync(join(dir, "a"))).toBe(false);
    expect(existsSync(join(dir, "keep"))).toBe(true);
    // Doubled slashes inside: the head is split as os.path.split splits it ("x/a//b" → "x/a", "b").
    mkdirSync(join(dir, "x", "a", "b"), { recursive: true });
    await inLoop(() => os.removedirs(`${join(dir, "x", "a")}//b`));
    expect(existsSync(join(dir, "x"))).toBe(false);
    expect(existsSync(join(dir, "keep"))).toBe(true);
  });

  it("removedirs of a Buffer path prunes its parents too", async () => {
    const dir = scratch();
    mkdirSync(join(dir, "a", "b"), { recursive: true });
    writeFileSync(join(dir, "keep"), "x");
    await inLoop(() => os.removedirs(Buffer.from(join(dir, "a", "b"))));
    expect(existsSync(join(dir, "a"))).toBe(false);
    expect(existsSync(join(dir, "keep"))).toBe(true);
  });

  it("listdir() and scandir() default to the working directory ('./name' paths); a trailing slash is not doubled", async () => {
    const dir = scratch();
    writeFileSync(join(dir, "f"), "x");
    const [names, entries, slashed] = await inLoop(function* () {
      return [
        (yield* os.listdir()).sort(),
        (yield* os.scandir()).map((e) => e.path).sort(),
        (yield* os.scandir(`${dir}/`)).map((e) => e.path),
      ] as const;
    });
    const here = readdirSync(".").sort();
    expect(names).toEqual(here);
    expect(entries).toEqual(here.map((n) => `./${n}`));
    expect(slashed).toEqual([`${dir}/f`]);
  });

  it("sendfile: arguments must be integers (Python's TypeError)", async () => {
    const err = await inLoop(() => catching(os.sendfile(1.5, 0, 0, 1)));
    expect(String(err)).toBe("TypeError: 'float' object cannot be interpreted as an integer");
  });

  it("sendfile: more than a 1 MiB piece, from an offset, up to the end of the input", async () => {
    const dir = scratch();
    const data = Buffer.alloc(3 * 1024 * 1024 + 5);
    for (let i = 0; i < data.length; i++) data[i] = (i * 7) & 0xff;
    writeFileSync(join(dir, "src"), data);
    const sent = await inLoop(function* () {
      const src = yield* open(join(dir, "src"), "rb");
      const dst = yield* open(join(dir, "dst"), "wb");
      const sent = yield* os.sendfile(dst.fileno(), src.fileno(), 3, data.length);
      yield* src.close();
      yield* dst.close();
      return sent;
    });
    expect(sent).toBe(data.length - 3);
    expect(readFileSync(join(dir, "dst")).equals(data.subarray(3))).toBe(true);
    // Fewer bytes than the input has, more than a piece: exactly count.
    const count = 1.5 * 1024 * 1024;
    const part = await inLoop(function* () {
      const src = yield* open(join(dir, "src"), "rb");
      const dst = yield* open(join(dir, "part"), "wb");
      const sent = yield* os.sendfile(dst.fileno(), src.fileno(), 0, count);
      yield* src.close();
      yield* dst.close();
      return sent;
    });
    expect(part).toBe(count);
    expect(readFileSync(join(dir, "part")).equals(data.subarray(0, count))).toBe(true);
  });
});
