/**
 * tempfile's behaviour that the mutation run of src/tempfile.ts found untested (session 7): the
 * defaults, the options reaching the file, errors coming out of the context managers, a spooled
 * file's rollover (when, by hand, twice), its size, truncate and close once on disk, and
 * TemporaryDirectory's cleanup. Each as CPython 3.12's tempfile under aiofiles.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, relative } from "node:path";
import { type Coro, using } from "@aio/task";
import { describe, expect, it } from "vitest";
import { FileNotFoundError, tempfile, UnsupportedOperation } from "../src/index.js";
import { catching, inLoop, openDescriptors, scratch } from "./helpers.js";

/** The bytes the kernel has for an open descriptor (what was written to the file, not buffered). */
const onDisk = (fd: number): Buffer => readFileSync(`/proc/self/fd/${fd}`);

describe("tempfile: defaults and options", () => {
  it("NamedTemporaryFile() and TemporaryFile(): w+b files named tmp + 8 characters in the system's temporary directory", async () => {
    const [name, mode, unnamedMode, back] = await inLoop(function* () {
      const [name, mode] = yield* using(tempfile.NamedTemporaryFile(), function* (f) {
        return [String(f.name), f.mode] as const;
      });
      return yield* using(tempfile.TemporaryFile(), function* (f) {
        yield* f.write(Buffer.from("bytes"));
        yield* f.seek(0);
        return [name, mode, f.mode, yield* f.read()] as const;
      });
    });
    expect(dirname(name)).toBe(tmpdir());
    expect(basename(name)).toMatch(/^tmp[a-z0-9_]{8}$/);
    expect([mode, unnamedMode]).toEqual(["rb+", "rb+"]);
    expect(back).toEqual(Buffer.from("bytes"));
  });

  it("a relative dir gives absolute names, as Python's (abspath)", async () => {
    const dir = scratch();
    const rel = relative(process.cwd(), dir);
    expect(rel.startsWith("/")).toBe(false);
    const [file, directory] = await inLoop(function* () {
      const file = yield* using(tempfile.NamedTemporaryFile({ dir: rel }), function* (f) {
        return String(f.name);
      });
      const directory = yield* using(tempfile.TemporaryDirectory({ dir: rel }), function* (d) {
        expect(existsSync(d)).toBe(true);
        return d;
      });
      return [file, directory];
    });
    expect(dirname(file)).toBe(dir);
    expect(dirname(directory)).toBe(dir);
  });

  it("dir, prefix and suffix are joined as os.path.join: an absolute prefix wins, no doubled slash, an empty dir is the working directory; errors name the path tried", async () => {
    const dir = scratch();
    const other = scratch();
    const missing = join(scratch(), "missing");
    const relMissing = relative(process.cwd(), missing);
    const [named, empty, trailing, rel] = await inLoop(function* () {
      const named = yield* using(tempfile.NamedTemporaryFile({ dir, prefix: `${other}/p-` }), function* (f) {
        return String(f.name);
      });
      const empty = yield* using(tempfile.TemporaryDirectory({ dir: "" }), function* (d) {
        return d;
      });
      const trailing = yield* catching(tempfile.TemporaryDirectory({ dir: `${missing}/` }).aenter());
      const rel = yield* catching(tempfile.TemporaryDirectory({ dir: relMissing }).aenter());
      return [named, empty, trailing, rel];
    });
    expect(dirname(named as string)).toBe(other);
    expect(basename(named as string)).toMatch(/^p-[a-z0-9_]{8}$/);
    expect(dirname(empty as string)).toBe(process.cwd());
    expect(existsSync(empty as string)).toBe(false);
    // Python's mkdtemp names the path as it tried it: dir as given (relative stays relative).
    expect((trailing as FileNotFoundError).filename).toMatch(new RegExp(`^${missing}/tmp[a-z0-9_]{8}$`));
    expect((rel as FileNotFoundError).filename).toMatch(new RegExp(`^${relMissing}/tmp[a-z0-9_]{8}$`));
  });

  it("the open options reach the file: encoding, newline, buffering", async () => {
    const dir = scratch();
    const [bytes, unbuffered] = await inLoop(function* () {
      const bytes = yield* using(
        tempfile.NamedTemporaryFile({ dir, mode: "w+", encoding: "latin-1", newline: "\r\n" }),
        function* (f) {
          expect(f.encoding).toBe("latin-1");
          yield* f.write("é\n");
          yield* f.flush();
          return readFileSync(String(f.name));
        },
      );
      // buffering 0: each write reaches the file at once.
      const unbuffered = yield* using(tempfile.TemporaryFile({ dir, buffering: 0 }), function* (f) {
        yield* f.write(Buffer.from("now"));
        return onDisk(f.fileno());
      });
      return [bytes, unbuffered];
    });
    expect(bytes).toEqual(Buffer.from([0xe9, 0x0d, 0x0a]));
    expect(unbuffered).toEqual(Buffer.from("now"));
  });

  it("yield* opens a temporary file in a coroutine, as await does in Promise code", async () => {
    const dir = scratch();
    const name = await inLoop(function* () {
      const f = yield* tempfile.NamedTemporaryFile({ dir, mode: "w+" });
      yield* f.write("x");
      const name = String(f.name);
      expect(existsSync(name)).toBe(true);
      yield* f.close();
      return name;
    });
    expect(existsSync(name)).toBe(false);
  });

  it("an error raised in the body comes out of using(): no temporary's context manager swallows it", async () => {
    const dir = scratch();
    const errors = await inLoop(function* () {
      const errors: unknown[] = [];
      for (const manager of [
        () => tempfile.NamedTemporaryFile({ dir }),
        () => tempfile.TemporaryFile({ dir }),
        () => tempfile.SpooledTemporaryFile(),
        () => tempfile.TemporaryDirectory({ dir }),
      ]) {
        errors.push(
          yield* catching({
            *[Symbol.iterator]() {
              return yield* using(manager() as never, function* () {
                throw new Error("body");
              });
            },
          }),
        );
      }
      return errors;
    });
    expect(errors.map((e) => (e as Error).message)).toEqual(["body", "body", "body", "body"]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("a missing dir: FileNotFoundError for the path tried (named, unnamed, and a spooled file rolling over)", async () => {
    const missing = join(scratch(), "missing");
    const errors = await inLoop(function* () {
      const named = yield* catching(tempfile.NamedTemporaryFile({ dir: missing }));
      const unnamed = yield* catching(tempfile.TemporaryFile({ dir: missing }));
      // (The bytes stay buffered here, so closing raises it again: see MUTATION.md.)
      const f = yield* tempfile.SpooledTemporaryFile({ dir: missing, maxSize: 2 });
      const spooled = yield* catching({
        *[Symbol.iterator]() {
          yield* f.write(Buffer.from("abc"));
        },
      });
      yield* catching(f.close());
      return [named, unnamed, spooled];
    });
    for (const err of errors) expect(err).toBeInstanceOf(FileNotFoundError);
    expect((errors[0] as FileNotFoundError).filename).toMatch(new RegExp(`^${missing}/tmp[a-z0-9_]{8}$`));
    expect((errors[1] as FileNotFoundError).filename).toMatch(new RegExp(`^${missing}/tmp[a-z0-9_]{8}$`));
  });
});

describe("tempfile: SpooledTemporaryFile", () => {
  it("maxSize 0 (the default): never on disk, however much is written", async () => {
    const rolled = await inLoop(() =>
      using(tempfile.SpooledTemporaryFile(), function* (f) {
        yield* f.write(Buffer.alloc(200_000, 1));
        yield* f.flush();
        expect(() => f.fileno()).toThrow(UnsupportedOperation);
        yield* f.seek(0);
        expect((yield* f.read()).length).toBe(200_000);
        return f.rolled;
      }),
    );
    expect(rolled).toBe(false);
  });

  it("rolls over at the write that takes it past maxSize (not at maxSize itself), without a flush; binary and text", async () => {
    const seen = await inLoop(function* () {
      const seen: [string, boolean][] = [];
      for (const mode of ["w+b", "w+"] as const) {
        yield* using(
          tempfile.SpooledTemporaryFile({ maxSize: 10, mode }) as never,
          function* (f: {
            write(d: unknown): Coro<number>;
            rolled: boolean;
            seek(n: number): Coro<number>;
            read(): Coro<string | Buffer>;
          }) {
            const data = (s: string) => (mode === "w+b" ? Buffer.from(s) : s);
            yield* f.write(data("0123456789"));
            seen.push([`${mode} at 10`, f.rolled]);
            yield* f.write(data("a"));
            seen.push([`${mode} at 11`, f.rolled]);
            yield* f.seek(0);
            expect(String(yield* f.read())).toBe("0123456789a");
          },
        );
      }
      return seen;
    });
    expect(seen).toEqual([
      ["w+b at 10", false],
      ["w+b at 11", true],
      ["w+ at 10", false],
      ["w+ at 11", true],
    ]);
  });

  it("in memory, a write after a seek back overwrites in place", async () => {
    const back = await inLoop(() =>
      using(tempfile.SpooledTemporaryFile(), function* (f) {
        yield* f.write(Buffer.from("abcdef"));
        yield* f.seek(2);
        yield* f.write(Buffer.from("XY"));
        yield* f.seek(0);
        return String(yield* f.read());
      }),
    );
    expect(back).toBe("abXYef");
  });

  it("rollover() by hand moves the bytes to disk at the position; a second rollover() does nothing; binary and text", async () => {
    const out = await inLoop(function* () {
      const binary = yield* using(tempfile.SpooledTemporaryFile({ maxSize: 1000 }), function* (f) {
        yield* f.write(Buffer.from("spooled"));
        expect(f.rolled).toBe(false);
        yield* f.rollover();
        expect(f.rolled).toBe(true);
        expect(onDisk(f.fileno())).toEqual(Buffer.from("spooled"));
        yield* f.rollover();
        expect(yield* f.tell()).toBe(7);
        yield* f.write(Buffer.from("!"));
        yield* f.seek(0);
        return String(yield* f.read());
      });
      const text = yield* using(tempfile.SpooledTemporaryFile({ mode: "w+" }), function* (f) {
        yield* f.write("text ✓");
        expect(f.rolled).toBe(false);
        yield* f.rollover();
        expect(f.rolled).toBe(true);
        yield* f.rollover();
        yield* f.seek(0);
        return yield* f.read();
      });
      return [binary, text];
    });
    expect(out).toEqual(["spooled!", "text ✓"]);
  });

  it("once on disk: the size is the file's (seek to the end, read all), writes are buffered as a file's", async () => {
    const [end, all, before, after] = await inLoop(() =>
      using(tempfile.SpooledTemporaryFile({ maxSize: 4 }), function* (f) {
        yield* f.write(Buffer.from("12345"));
        expect(f.rolled).toBe(true);
        yield* f.write(Buffer.from("678"));
        const before = onDisk(f.fileno()); // Python's on-disk TemporaryFile is buffered too
        yield* f.flush();
        const after = onDisk(f.fileno());
        const end = yield* f.seek(0, 2);
        yield* f.seek(0);
        return [end, String(yield* f.read()), String(before), String(after)] as const;
      }),
    );
    expect([end, all, before, after]).toEqual([8, "12345678", "12345", "12345678"]);
    const text = await inLoop(() =>
      using(tempfile.SpooledTemporaryFile({ maxSize: 4, mode: "w+" }), function* (f) {
        yield* f.write("12345");
        expect(f.rolled).toBe(true);
        yield* f.write("678");
        const before = String(onDisk(f.fileno()));
        yield* f.flush();
        return [before, String(onDisk(f.fileno()))];
      }),
    );
    expect(text).toEqual(["12345", "12345678"]);
  });

  it("truncate, in memory and on disk", async () => {
    const out = await inLoop(function* () {
      const out: string[] = [];
      for (const maxSize of [0, 4]) {
        yield* using(tempfile.SpooledTemporaryFile({ maxSize }), function* (f) {
          yield* f.write(Buffer.from("abcdefgh"));
          expect(f.rolled).toBe(maxSize !== 0);
          expect(yield* f.truncate(3)).toBe(3);
          yield* f.seek(0);
          out.push(String(yield* f.read()));
          if (f.rolled) expect(onDisk(f.fileno())).toEqual(Buffer.from("abc"));
        });
      }
      return out;
    });
    expect(out).toEqual(["abc", "abc"]);
  });

  it("closing a spooled file on disk closes its descriptor", async () => {
    const before = openDescriptors();
    const during = await inLoop(() =>
      using(tempfile.SpooledTemporaryFile({ maxSize: 1 }), function* (f) {
        yield* f.write(Buffer.from("on disk"));
        expect(f.rolled).toBe(true);
        return openDescriptors();
      }),
    );
    expect(during).toBe(before + 1);
    expect(openDescriptors()).toBe(before);
  });
});

describe("tempfile: TemporaryDirectory", () => {
  it("cleanup() twice, or leaving after cleanup(), does nothing; nor does a directory the body removed", async () => {
    const parent = scratch();
    await inLoop(function* () {
      const d = tempfile.TemporaryDirectory({ dir: parent });
      const path = yield* d.aenter();
      yield* d.cleanup();
      expect(existsSync(path)).toBe(false);
      expect(d.name).toBeNull();
      mkdirSync(path); // someone else's directory now, under the same name: not removed again
      yield* d.cleanup();
      expect(yield* d.aexit()).toBe(false);
      expect(statSync(path).isDirectory()).toBe(true);
      rmSync(path, { recursive: true });

      yield* using(tempfile.TemporaryDirectory({ dir: parent }), function* (p) {
        rmSync(p, { recursive: true });
      });
    });
    expect(readdirSync(parent)).toEqual([]);
  });
});
