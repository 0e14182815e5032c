/**
 * FileHandler and RotatingFileHandler in this process, as CPython 3.12's logging behaves: written
 * against the survivors of the mutation run of src/logging/file-handlers.ts (test/MUTATION.md,
 * session 6). test/file-handler.test.ts runs its full-disk programs in child processes, where no
 * mutant is active; the full disk here is the same kind (a 64 KiB tmpfs, mounted by the test: root
 * only, skipped otherwise).
 */
import { execFileSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { logging, StringStream, sys } from "../src/index.js";

let dir: string;
let err: StringStream;
let savedErr: typeof sys.stderr;

beforeEach(() => {
  logging.resetLogging();
  dir = mkdtempSync(join(tmpdir(), "aio-mutfh-"));
  err = new StringStream();
  savedErr = sys.stderr;
  sys.stderr = err;
});
afterEach(() => {
  sys.stderr = savedErr;
  logging.resetLogging();
  rmSync(dir, { recursive: true, force: true });
});

function record(msg: string): logging.LogRecord {
  return new logging.LogRecord("app", logging.INFO, msg, null);
}

/** The `--- Logging error ---` reports written to stderr. */
function reports(): string[] {
  return err
    .getValue()
    .split(/(?=^--- Logging error ---$)/m)
    .filter((r) => r.startsWith("--- Logging error ---"));
}

/** How many of this process's file descriptors are open on files under `d`. */
function openUnder(d: string): number {
  let n = 0;
  for (const fd of readdirSync("/proc/self/fd")) {
    try {
      if (readlinkSync(`/proc/self/fd/${fd}`).startsWith(`${d}/`)) n++;
    } catch {
      // closed meanwhile
    }
  }
  return n;
}

describe("FileHandler's arguments", () => {
  it("refuses an empty or non-string file name, even with delay", () => {
    for (const name of ["", 42, null]) {
      expect(() => new logging.FileHandler(name as never, { delay: true })).toThrow(
        new TypeError(
          `filename must be a non-empty string, got ${name === "" ? "''" : name === null ? "None" : name}`,
        ),
      );
    }
  });

  it("takes the names Python's codecs give UTF-8 (utf_8), not others (u_8: LookupError in CPython)", () => {
    const file = join(dir, "enc.log");
    new logging.FileHandler(file, { encoding: "UTF_8" }).close();
    expect(() => new logging.FileHandler(file, { encoding: "u_8" })).toThrow(
      new RangeError("FileHandler writes UTF-8 only, not 'u_8'"),
    );
  });
});

describe("RotatingFileHandler", () => {
  it("with maxBytes 0 never rolls over, whatever backupCount; its mode defaults to 'a'", () => {
    const file = join(dir, "never.log");
    writeFileSync(file, "before\n");
    const h = new logging.RotatingFileHandler(file, { backupCount: 2 });
    expect(h.mode).toBe("a");
    for (const m of ["a", "b", "c"]) h.handle(record(m));
    h.close();
    expect(readFileSync(file, "utf8")).toBe("before\na\nb\nc\n");
    expect(existsSync(`${file}.1`)).toBe(false);
  });

  it("a log file removed from under it: the rollover opens a new file and the record lands there (CPython's rotate)", () => {
    const file = join(dir, "gone.log");
    const h = new logging.RotatingFileHandler(file, { maxBytes: 10, backupCount: 1 });
    h.handle(record("aaaa"));
    rmSync(file); // log cleaning, another process
    h.handle(record("bbbbbbb")); // 5 + 8 >= 10: a rollover
    h.close();
    expect(err.getValue()).toBe("");
    expect(readdirSync(dir)).toEqual(["gone.log"]);
    expect(readFileSync(file, "utf8")).toBe("bbbbbbb\n");
  });

  it("a log file removed from under it: the oldest backup still goes at the rollover, as CPython's doRollover", () => {
    const file = join(dir, "gone.log");
    const h = new logging.RotatingFileHandler(file, { maxBytes: 10, backupCount: 1 });
    h.handle(record("aaaa"));
    h.handle(record("bbbbbbb")); // a rollover: gone.log.1 holds aaaa
    expect(readFileSync(`${file}.1`, "utf8")).toBe("aaaa\n");
    rmSync(file);
    h.handle(record("ccccccc")); // python3.12: gone.log.1 removed, nothing to rename, a new file
    h.close();
    expect(err.getValue()).toBe("");
    expect(readdirSync(dir)).toEqual(["gone.log"]);
    expect(readFileSync(file, "utf8")).toBe("ccccccc\n");
  });

  it("doRollover called on a delayed handler that has not opened its file does not fail", () => {
    const file = join(dir, "delayed.log");
    const h = new logging.RotatingFileHandler(file, { maxBytes: 10, backupCount: 1, delay: true });
    h.doRollover();
    h.handle(record("x"));
    h.close();
    expect(readFileSync(file, "utf8")).toBe("x\n");
    expect(existsSync(`${file}.1`)).toBe(false);
  });

  it("doRollover of a delayed handler makes no new file: the next record does (CPython's `if not self.delay`)", () => {
    // python3.12: RotatingFileHandler("d.log", maxBytes=10, backupCount=1, delay=True), then the same calls
    const file = join(dir, "d.log");
    const h = new logging.RotatingFileHandler(file, { maxBytes: 10, backupCount: 1, delay: true });
    expect(h.delay).toBe(true);
    h.doRollover();
    expect(readdirSync(dir)).toEqual([]);
    h.handle(record("x"));
    expect(readdirSync(dir)).toEqual(["d.log"]);
    h.doRollover();
    expect(readdirSync(dir)).toEqual(["d.log.1"]);
    expect(openUnder(dir)).toBe(0);
    h.handle(record("y"));
    expect(readdirSync(dir).sort()).toEqual(["d.log", "d.log.1"]);
    expect(readFileSync(file, "utf8")).toBe("y\n");
    expect(readFileSync(`${file}.1`, "utf8")).toBe("x\n");
    h.close();
    // without backups the file stays where it is, closed until the next record
    const plain = join(dir, "e.log");
    const h2 = new logging.RotatingFileHandler(plain, { maxBytes: 10, delay: true });
    h2.doRollover();
    expect(existsSync(plain)).toBe(false);
    h2.handle(record("z"));
    h2.doRollover();
    expect(openUnder(dir)).toBe(0);
    h2.handle(record("w"));
    h2.close();
    expect(readFileSync(plain, "utf8")).toBe("z\nw\n");
    const fh = new logging.FileHandler(join(dir, "f.log"));
    expect(fh.delay).toBe(false);
    fh.close();
  });

  it("closes the old file at each rollover: one descriptor open while logging, none after close", () => {
    const file = join(dir, "fds.log");
    const h = new logging.RotatingFileHandler(file, { maxBytes: 11, backupCount: 2 });
    for (const m of ["aaaa", "bbbb", "cccc", "dddd", "eeee", "ffff", "gggg"]) h.handle(record(m));
    expect(readdirSync(dir).sort()).toEqual(["fds.log", "fds.log.1", "fds.log.2"]);
    expect(openUnder(dir)).toBe(1);
    h.close();
    expect(openUnder(dir)).toBe(0);
  });

  it("leaves alone a file named <log>.0 (backups are numbered from 1)", () => {
    const file = join(dir, "zero.log");
    writeFileSync(`${file}.0`, "someone's\n");
    const h = new logging.RotatingFileHandler(file, { maxBytes: 6, backupCount: 3 });
    for (const m of ["aaaa", "bbbb", "cccc"]) h.handle(record(m));
    h.close();
    expect(readFileSync(`${file}.0`, "utf8")).toBe("someone's\n");
    expect(readFileSync(`${file}.1`, "utf8")).toBe("bbbb\n");
    expect(readFileSync(`${file}.2`, "utf8")).toBe("aaaa\n");
    expect(readFileSync(file, "utf8")).toBe("cccc\n");
  });

  it("a rollover that fails (a directory where the backup goes) is reported and the record is not written, as CPython's emit", () => {
    const file = join(dir, "blocked.log");
    mkdirSync(`${file}.1`);
    writeFileSync(join(`${file}.1`, "inside"), "x");
    const h = new logging.RotatingFileHandler(file, { maxBytes: 10, backupCount: 1 });
    h.handle(record("aaaa"));
    h.handle(record("bbbbbbb")); // 5 + 8 >= 10: the rollover cannot remove the directory
    h.close();
    const errors = reports();
    expect(errors.length).toBe(1);
    expect(errors[0]).toContain("Message: 'bbbbbbb'");
    expect(readFileSync(file, "utf8")).toBe("aaaa\n");
  });
});

describe("a full disk, in this process", () => {
  let disk = "";
  let mounted = false;
  beforeAll(() => {
    disk = mkdtempSync(join(tmpdir(), "aio-mutfh-disk-"));
    try {
      execFileSync("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", disk], { stdio: "ignore" });
      mounted = true;
    } catch {
      // not root: the tests below are skipped
    }
  });
  afterAll(() => {
    if (mounted) execFileSync("umount", [disk]);
    rmSync(disk, { recursive: true, force: true });
  });
  beforeEach(() => {
    for (const f of readdirSync(disk)) rmSync(join(disk, f), { recursive: true, force: true });
  });

  const line = (i: number) => `record ${String(i).padStart(4, "0")} ${"y".repeat(33)}`; // 45 bytes and "\n"

  /** Fills the disk with 40 KiB of filler and logs 2,000 46-byte records through `h` (~90 KiB). */
  function fill(h: logging.FileHandler): void {
    writeFileSync(join(disk, "filler"), Buffer.alloc(40 * 1024, 120));
    h.setFormatter(new logging.Formatter("%(message)s"));
    for (let i = 0; i < 2000; i++) h.handle(record(line(i)));
  }

  /** The file holds whole lines only: the first records in order, then `after`. */
  function expectWholeLines(file: string, after: string[]): number {
    const lines = readFileSync(file, "utf8").split("\n");
    expect(lines.pop()).toBe("");
    const tail = lines.splice(lines.length - after.length, after.length);
    expect(tail).toEqual(after);
    expect(lines).toEqual(Array.from({ length: lines.length }, (_, i) => line(i)));
    return lines.length;
  }

  it("FileHandler: a record the disk cut short is finished by flush() once there is room (CPython's buffered file)", (ctx) => {
    if (!mounted) ctx.skip();
    const file = join(disk, "app.log");
    const h = new logging.FileHandler(file);
    fill(h);
    const errors = reports();
    expect(errors.length).toBeGreaterThan(500);
    for (const e of errors) expect(e).toContain("ENOSPC: no space left on device, write\n");
    // 24 KiB is not a whole number of 46-byte records: one was cut, its end is kept and refused again.
    expect(readFileSync(file, "utf8").endsWith("\n")).toBe(false);
    expect(() => h.flush()).toThrow(/ENOSPC/);
    rmSync(join(disk, "filler"));
    h.flush();
    const n = expectWholeLines(file, []);
    // Each record was written or reported; the cut one both.
    expect(n + errors.length).toBe(2001);
    h.handle(record("logged after freeing space"));
    h.close();
    expectWholeLines(file, ["logged after freeing space"]);
  });

  it("FileHandler: close() writes the end of a cut record once there is room", (ctx) => {
    if (!mounted) ctx.skip();
    const file = join(disk, "close.log");
    const h = new logging.FileHandler(file);
    fill(h);
    rmSync(join(disk, "filler"));
    h.close();
    expect(reports().length + expectWholeLines(file, [])).toBe(2001);
  });

  it("RotatingFileHandler counts the end of a cut record, written later, in the file's size", (ctx) => {
    if (!mounted) ctx.skip();
    const file = join(disk, "rot.log");
    const h = new logging.RotatingFileHandler(file, { maxBytes: 65536, backupCount: 1 });
    fill(h);
    rmSync(join(disk, "filler"));
    h.flush();
    const size = statSync(file).size;
    expect(size % 46).toBe(0);
    // A record that takes the file exactly to maxBytes rolls over; one byte less does not.
    expect(h.shouldRollover(record("z".repeat(65536 - size - 1)))).toBe(true);
    expect(h.shouldRollover(record("z".repeat(65536 - size - 2)))).toBe(false);
    h.close();
    expect(existsSync(`${file}.1`)).toBe(false);
  });
});
