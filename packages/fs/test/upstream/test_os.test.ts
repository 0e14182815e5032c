/**
 * Port of aiofiles' tests/test_os.py (aiofiles commit 6fdc25c7812d6738ccf51c5e7d4cd68500053a52,
 * Apache-2.0, © Tin Tvrtković and contributors; resources/ are copied from its tests/resources).
 *
 * Translation: `aiofiles.os.xxx(...)` → `yield* os.xxx(...)`, `aiofiles.os.path.xxx` →
 * `os.path.xxx`; the synchronous `os.stat` / `os.path.exists` / `isdir` / `open()` the tests check
 * with are Node's `fs` sync calls. `stat()` gives Node's `Stats` and `statvfs()` Node's `StatFs`
 * (the package README documents both), so `st_size` is `size`, `st_ino` `ino`, `st_nlink` `nlink`,
 * `f_bsize` `bsize`. `pytest.raises(FileNotFoundError)` expects @aio/fs's `FileNotFoundError`.
 * `scandir()` gives an array of `DirEntry` (Python's iterator of them), so `next(dir_iterator)` is
 * the array's iterator's first value. pytest's `tmpdir` is a scratch directory.
 * The tests write, rename and link files in `resources/`; here they do it in a scratch copy of it
 * (the other ports, run in parallel, read `resources/test_file1.txt`), except the two abspath
 * tests, which are about this file's own `resources/`; test_abspath's relative path is made from
 * the working directory (upstream runs from the repository root: `./tests/resources/…`).
 * test_access runs its steps in a child process (fixtures/access.ts) as `nobody` when the suite
 * runs as root: access(2) grants root reading and writing whatever the mode bits say, so the
 * expectations hold only for an ordinary user (upstream fails under root in Python too).
 * test_sendfile_socket serves the file with asyncio streams, which are @aio/streams', a package
 * that depends on this one: it is ported there (test/upstream/aiofiles_test_simple.test.ts).
 */
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  statfsSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { dirname, join, relative } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { type DirEntry, FileNotFoundError, open, os } from "../../src/index.js";
import { catching, inLoop, scratch } from "../helpers.js";

export const NOT_APPLICABLE: Record<string, string> = {};

const HERE_RESOURCES = join(__dirname, "resources");
/** The scratch copy of resources/ the tests work in (upstream's `join(dirname(__file__), "resources")`). */
let RESOURCES = "";
beforeAll(() => {
  RESOURCES = join(scratch(), "resources");
  cpSync(HERE_RESOURCES, RESOURCES, { recursive: true });
});

const isdir = (p: string) => existsSync(p) && statSync(p).isDirectory();

describe("test_os", () => {
  it("test_stat", async () => {
    const filename = join(RESOURCES, "test_file1.txt");
    const statRes = await inLoop(() => os.stat(filename));
    expect(statRes.size).toBe(10);
  });

  it("test_statvfs", async () => {
    const statvfsRes = await inLoop(() => os.statvfs("/"));
    expect(statvfsRes.bsize).toBe(statfsSync("/").bsize);
  });

  it("test_remove", async () => {
    const filename = join(RESOURCES, "test_file2.txt");
    writeFileSync(filename, "Test file for remove call");
    expect(existsSync(filename)).toBe(true);
    await inLoop(() => os.remove(filename));
    expect(existsSync(filename)).toBe(false);
  });

  it("test_unlink", async () => {
    const filename = join(RESOURCES, "test_file2.txt");
    writeFileSync(filename, "Test file for unlink call");
    expect(existsSync(filename)).toBe(true);
    await inLoop(() => os.unlink(filename));
    expect(existsSync(filename)).toBe(false);
  });

  it("test_mkdir_and_rmdir", async () => {
    const directory = join(RESOURCES, "test_dir");
    await inLoop(function* () {
      yield* os.mkdir(directory);
      expect(isdir(directory)).toBe(true);
      yield* os.rmdir(directory);
      expect(existsSync(directory)).toBe(false);
    });
  });

  it("test_rename", async () => {
    const oldFilename = join(RESOURCES, "test_file1.txt");
    const newFilename = join(RESOURCES, "test_file2.txt");
    await inLoop(function* () {
      yield* os.rename(oldFilename, newFilename);
      expect(existsSync(oldFilename) === false && existsSync(newFilename)).toBe(true);
      yield* os.rename(newFilename, oldFilename);
      expect(existsSync(oldFilename) && existsSync(newFilename) === false).toBe(true);
    });
  });

  it("test_renames", async () => {
    const oldFilename = join(RESOURCES, "test_file1.txt");
    const newFilename = join(RESOURCES, "subdirectory", "test_file2.txt");
    await inLoop(function* () {
      yield* os.renames(oldFilename, newFilename);
      expect(existsSync(oldFilename) === false && existsSync(newFilename)).toBe(true);
      yield* os.renames(newFilename, oldFilename);
      expect(
        existsSync(oldFilename) &&
          existsSync(newFilename) === false &&
          existsSync(dirname(newFilename)) === false,
      ).toBe(true);
    });
  });

  it("test_replace", async () => {
    const oldFilename = join(RESOURCES, "test_file1.txt");
    const newFilename = join(RESOURCES, "test_file2.txt");
    await inLoop(function* () {
      yield* os.replace(oldFilename, newFilename);
      expect(existsSync(oldFilename) === false && existsSync(newFilename)).toBe(true);
      yield* os.replace(newFilename, oldFilename);
      expect(existsSync(oldFilename) && existsSync(newFilename) === false).toBe(true);

      writeFileSync(newFilename, "Test file");
      expect(existsSync(oldFilename) && existsSync(newFilename)).toBe(true);

      yield* os.replace(oldFilename, newFilename);
      expect(existsSync(oldFilename) === false && existsSync(newFilename)).toBe(true);
      yield* os.replace(newFilename, oldFilename);
      expect(existsSync(oldFilename) && existsSync(newFilename) === false).toBe(true);
    });
  });

  it("test_sendfile_file", async () => {
    const filename = join(RESOURCES, "test_file1.txt");
    const tmpFilename = join(scratch(), "tmp.bin");
    const contents = readFileSync(filename, "utf-8");
    await inLoop(function* () {
      const inputFile = yield* open(filename);
      const outputFile = yield* open(tmpFilename, "w+");
      const size = (yield* os.stat(filename)).size;
      const inputFd = inputFile.fileno();
      const outputFd = outputFile.fileno();

      yield* os.sendfile(outputFd, inputFd, 0, size);

      yield* outputFile.seek(0);
      const actualContents = yield* outputFile.read();
      const actualSize = (yield* os.stat(tmpFilename)).size;

      expect(contents).toBe(actualContents);
      expect(size).toBe(actualSize);
      // (upstream leaves both open)
      yield* inputFile.close();
      yield* outputFile.close();
    });
  });

  it("test_exists", async () => {
    const filename = join(RESOURCES, "test_file1.txt");
    const result = await inLoop(() => os.path.exists(filename));
    expect(result).toBe(true);
  });

  it("test_isfile", async () => {
    const filename = join(RESOURCES, "test_file1.txt");
    const result = await inLoop(() => os.path.isfile(filename));
    expect(result).toBe(true);
  });

  it("test_isdir", async () => {
    const filename = RESOURCES;
    const result = await inLoop(() => os.path.isdir(filename));
    expect(result).toBe(true);
  });

  it("test_islink", async () => {
    const srcFilename = join(RESOURCES, "test_file1.txt");
    const dstFilename = join(RESOURCES, "test_file2.txt");
    await inLoop(function* () {
      yield* os.symlink(srcFilename, dstFilename);
      expect(yield* os.path.islink(dstFilename)).toBe(true);
      yield* os.remove(dstFilename);
    });
  });

  it("test_ismount", async () => {
    const filename = RESOURCES;
    await inLoop(function* () {
      expect(yield* os.path.ismount(filename)).toBe(false);
      expect(yield* os.path.ismount("/")).toBe(true);
    });
  });

  it("test_getsize", async () => {
    const filename = join(RESOURCES, "test_file1.txt");
    const result = await inLoop(() => os.path.getsize(filename));
    expect(result).toBe(10);
  });

  it("test_samefile", async () => {
    const filename = join(RESOURCES, "test_file1.txt");
    const result = await inLoop(() => os.path.samefile(filename, filename));
    expect(result).toBe(true);
  });

  it("test_sameopenfile", async () => {
    // (upstream calls samefile here too)
    const filename = join(RESOURCES, "test_file1.txt");
    const result = await inLoop(() => os.path.samefile(filename, filename));
    expect(result).toBe(true);
  });

  it("test_getmtime", async () => {
    const filename = join(RESOURCES, "test_file1.txt");
    const result = await inLoop(() => os.path.getmtime(filename));
    expect(result).toBeTruthy();
  });

  it("test_getatime", async () => {
    const filename = join(RESOURCES, "test_file1.txt");
    const result = await inLoop(() => os.path.getatime(filename));
    expect(result).toBeTruthy();
  });

  it("test_getctime", async () => {
    const filename = join(RESOURCES, "test_file1.txt");
    const result = await inLoop(() => os.path.getctime(filename));
    expect(result).toBeTruthy();
  });

  it("test_link", async () => {
    const srcFilename = join(RESOURCES, "test_file1.txt");
    const dstFilename = join(RESOURCES, "test_file2.txt");
    const initialSrcNlink = statSync(srcFilename).nlink;
    await inLoop(function* () {
      yield* os.link(srcFilename, dstFilename);
      expect(
        existsSync(srcFilename) &&
          existsSync(dstFilename) &&
          statSync(srcFilename).ino === statSync(dstFilename).ino &&
          statSync(srcFilename).nlink === initialSrcNlink + 1 &&
          statSync(dstFilename).nlink === 2,
      ).toBe(true);
      yield* os.remove(dstFilename);
      expect(
        existsSync(srcFilename) &&
          existsSync(dstFilename) === false &&
          statSync(srcFilename).nlink === initialSrcNlink,
      ).toBe(true);
    });
  });

  it("test_symlink", async () => {
    const srcFilename = join(RESOURCES, "test_file1.txt");
    const dstFilename = join(RESOURCES, "test_file2.txt");
    await inLoop(function* () {
      yield* os.symlink(srcFilename, dstFilename);
      expect(
        existsSync(srcFilename) &&
          existsSync(dstFilename) &&
          statSync(srcFilename).ino === statSync(dstFilename).ino,
      ).toBe(true);
      yield* os.remove(dstFilename);
      expect(existsSync(srcFilename) && existsSync(dstFilename) === false).toBe(true);
    });
  });

  it("test_readlink", async () => {
    const srcFilename = join(RESOURCES, "test_file1.txt");
    const dstFilename = join(RESOURCES, "test_file2.txt");
    await inLoop(function* () {
      yield* os.symlink(srcFilename, dstFilename);
      const symlinkedPath = yield* os.readlink(dstFilename);
      expect(srcFilename).toBe(symlinkedPath);
      yield* os.remove(dstFilename);
    });
  });

  it("test_listdir_empty_dir", async () => {
    const directory = join(RESOURCES, "empty_dir");
    await inLoop(function* () {
      yield* os.mkdir(directory);
      const dirList = yield* os.listdir(directory);
      expect(dirList).toEqual([]);
      yield* os.rmdir(directory);
    });
  });

  it("test_listdir_dir_with_only_one_file", async () => {
    const someDir = join(RESOURCES, "some_dir");
    const someFile = join(someDir, "some_file.txt");
    await inLoop(function* () {
      yield* os.mkdir(someDir);
      writeFileSync(someFile, "Test file");
      const dirList = yield* os.listdir(someDir);
      expect(dirList).toContain("some_file.txt");
      yield* os.remove(someFile);
      yield* os.rmdir(someDir);
    });
  });

  it("test_listdir_dir_with_only_one_dir", async () => {
    const someDir = join(RESOURCES, "some_dir");
    const otherDir = join(someDir, "other_dir");
    await inLoop(function* () {
      yield* os.mkdir(someDir);
      yield* os.mkdir(otherDir);
      const dirList = yield* os.listdir(someDir);
      expect(dirList).toContain("other_dir");
      yield* os.rmdir(otherDir);
      yield* os.rmdir(someDir);
    });
  });

  it("test_listdir_dir_with_multiple_files", async () => {
    const someDir = join(RESOURCES, "some_dir");
    const someFile = join(someDir, "some_file.txt");
    const otherFile = join(someDir, "other_file.txt");
    await inLoop(function* () {
      yield* os.mkdir(someDir);
      writeFileSync(someFile, "Test file");
      writeFileSync(otherFile, "Test file");
      const dirList = yield* os.listdir(someDir);
      expect(dirList).toContain("some_file.txt");
      expect(dirList).toContain("other_file.txt");
      yield* os.remove(someFile);
      yield* os.remove(otherFile);
      yield* os.rmdir(someDir);
    });
  });

  it("test_listdir_dir_with_a_file_and_a_dir", async () => {
    const someDir = join(RESOURCES, "some_dir");
    const otherDir = join(someDir, "other_dir");
    const someFile = join(someDir, "some_file.txt");
    await inLoop(function* () {
      yield* os.mkdir(someDir);
      yield* os.mkdir(otherDir);
      writeFileSync(someFile, "Test file");
      const dirList = yield* os.listdir(someDir);
      expect(dirList).toContain("some_file.txt");
      expect(dirList).toContain("other_dir");
      yield* os.remove(someFile);
      yield* os.rmdir(otherDir);
      yield* os.rmdir(someDir);
    });
  });

  it("test_listdir_non_existing_dir", async () => {
    const someDir = join(RESOURCES, "some_dir");
    const err = await inLoop(() => catching(os.listdir(someDir)));
    expect(err).toBeInstanceOf(FileNotFoundError);
  });

  it("test_scantdir_empty_dir", async () => {
    const emptyDir = join(RESOURCES, "empty_dir");
    await inLoop(function* () {
      yield* os.mkdir(emptyDir);
      const dirIterator = yield* os.scandir(emptyDir);
      const dirList: DirEntry[] = [];
      for (const dirEntity of dirIterator) dirList.push(dirEntity);
      expect(dirList).toEqual([]);
      yield* os.rmdir(emptyDir);
    });
  });

  it("test_scandir_dir_with_only_one_file", async () => {
    const someDir = join(RESOURCES, "some_dir");
    const someFile = join(someDir, "some_file.txt");
    await inLoop(function* () {
      yield* os.mkdir(someDir);
      writeFileSync(someFile, "Test file");
      const dirIterator = (yield* os.scandir(someDir))[Symbol.iterator]();
      const someFileEntity = dirIterator.next().value as DirEntry;
      expect(someFileEntity.name).toBe("some_file.txt");
      yield* os.remove(someFile);
      yield* os.rmdir(someDir);
    });
  });

  it("test_scandir_dir_with_only_one_dir", async () => {
    const someDir = join(RESOURCES, "some_dir");
    const otherDir = join(someDir, "other_dir");
    await inLoop(function* () {
      yield* os.mkdir(someDir);
      yield* os.mkdir(otherDir);
      const dirIterator = (yield* os.scandir(someDir))[Symbol.iterator]();
      const otherDirEntity = dirIterator.next().value as DirEntry;
      expect(otherDirEntity.name).toBe("other_dir");
      yield* os.rmdir(otherDir);
      yield* os.rmdir(someDir);
    });
  });

  it("test_scandir_non_existing_dir", async () => {
    const someDir = join(RESOURCES, "some_dir");
    const err = await inLoop(() => catching(os.scandir(someDir)));
    expect(err).toBeInstanceOf(FileNotFoundError);
  });

  it("test_access", () => {
    const data: [number, number, boolean][] = [
      // full access
      [0o777, os.F_OK, true],
      [0o777, os.R_OK, true],
      [0o777, os.W_OK, true],
      [0o777, os.X_OK, true],
      // chmod -x
      [0o666, os.F_OK, true],
      [0o666, os.R_OK, true],
      [0o666, os.W_OK, true],
      [0o666, os.X_OK, false],
      // chmod -w
      [0o444, os.F_OK, true],
      [0o444, os.R_OK, true],
      [0o444, os.W_OK, false],
      [0o444, os.X_OK, false],
      // chmod -r
      [0o000, os.F_OK, true],
      [0o000, os.R_OK, false],
      [0o000, os.W_OK, false],
      [0o000, os.X_OK, false],
    ];
    const root = process.getuid?.() === 0;
    const parent = scratch();
    const dir = join(parent, "resources");
    mkdirSync(dir);
    if (root) {
      chmodSync(parent, 0o755); // mkdtemp made it 0700
      chownSync(dir, 65534, 65534); // nobody:nogroup
    }
    const r = spawnSync(
      "node",
      [
        "--conditions=aio-source",
        "--import",
        "tsx",
        join(__dirname, "fixtures", "access.ts"),
        dir,
        JSON.stringify(data.map(([ch, mode]) => [ch, mode])),
      ],
      root ? { uid: 65534, gid: 65534 } : {},
    );
    expect(r.stderr.toString()).toBe("");
    const seen = JSON.parse(r.stdout.toString()) as {
      uid: number;
      fileGone: boolean;
      dirGone: boolean;
      access: [number, number, boolean, boolean][];
      missing: [number, boolean, boolean][];
    };
    expect(seen.uid).not.toBe(0);
    // prepare
    expect(seen.fileGone).toBe(true);
    expect(seen.dirGone).toBe(true);
    for (const [i, [ch, mode, access]] of data.entries()) {
      expect(seen.access[i]).toEqual([ch, mode, access, access]);
    }
    // not exists
    expect(seen.missing).toEqual([os.F_OK, os.R_OK, os.W_OK, os.X_OK].map((mode) => [mode, false, false]));
  });

  it("test_getcwd", async () => {
    const cwd = await inLoop(() => os.getcwd());
    expect(cwd).toBe(process.cwd());
  });

  it("test_abspath_given_abspath", async () => {
    const filename = join(HERE_RESOURCES, "test_file1.txt");
    const fileAbsPath = await inLoop(() => os.path.abspath(filename));
    expect(fileAbsPath).toBe(filename);
  });

  it("test_abspath", async () => {
    // upstream: "./tests/resources/test_file1.txt", from the repository root
    const relativeFilename = `./${relative(process.cwd(), HERE_RESOURCES)}/test_file1.txt`;
    const absFilename = join(HERE_RESOURCES, "test_file1.txt");
    const result = await inLoop(() => os.path.abspath(relativeFilename));
    expect(result).toBe(absFilename);
  });
});
