/**
 * FileHandler and RotatingFileHandler when things go wrong: a full disk (a real 64 KiB tmpfs, and
 * /dev/full), a rollover the file system refuses, and a process that dies right after logging.
 * Each record is in the file when the log call returns, and a write that fails is reported as
 * Python's `handleError` reports it while logging goes on, as CPython's FileHandler does.
 *
 * The tmpfs and bind mounts need root (the tests run as root here and in CI).
 */
import { execFileSync, type SpawnSyncReturns, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { logging, StringStream, sys } from "../src/index.js";

const here = fileURLToPath(import.meta.url);
const pkg = join(here, "..", "..");
const index = JSON.stringify(pathToFileURL(join(pkg, "src", "index.ts")).href);

/** Runs `body` (an ES module's text, after an import of the package as `logging`) in a child. */
function runChild(dir: string, name: string, body: string, shell = ""): SpawnSyncReturns<string> {
  const script = join(dir, name);
  writeFileSync(script, `import { logging } from ${index};\n${body}`);
  const argv = [process.execPath, "--conditions=aio-source", "--import", "tsx", script];
  // `shell`: commands run first by /bin/sh, which then becomes node (`ulimit -c 0` for abort()).
  return shell === ""
    ? spawnSync(argv[0] as string, argv.slice(1), { cwd: pkg, encoding: "utf8" })
    : spawnSync("/bin/sh", ["-c", `${shell}; exec "$@"`, "sh", ...argv], { cwd: pkg, encoding: "utf8" });
}

/** The `--- Logging error ---` reports in `stderr`, one string each. */
function reports(stderr: string): string[] {
  return stderr.split(/(?=^--- Logging error ---$)/m).filter((r) => r.startsWith("--- Logging error ---"));
}

/** `text` as a regular expression that matches only itself. */
function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

let dir: string;
beforeEach(() => {
  logging.resetLogging();
  dir = mkdtempSync(join(tmpdir(), "aio-filehandler-"));
});
afterEach(() => {
  logging.resetLogging();
  rmSync(dir, { recursive: true, force: true });
});

describe("a full disk", () => {
  let disk: string;
  beforeAll(() => {
    disk = mkdtempSync(join(tmpdir(), "aio-full-disk-"));
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", disk]);
  });
  afterAll(() => {
    try {
      execFileSync("umount", [disk]);
    } finally {
      rmSync(disk, { recursive: true, force: true });
    }
  });
  beforeEach(() => {
    for (const f of ["app.log", "filler", "rot.log", "rot.log.1", "rot.log.2"])
      rmSync(join(disk, f), { force: true });
  });

  it("FileHandler: each failed write is reported as Python's handleError, the program goes on, and a record logged once space is freed lands", () => {
    const log = join(disk, "app.log");
    const filler = join(disk, "filler");
    // 40 KiB of filler, then 2,000 records of 46 bytes (~90 KiB) into the 64 KiB file system.
    const r = runChild(
      dir,
      "full.mjs",
      `import { rmSync, writeFileSync } from "node:fs";
writeFileSync(${JSON.stringify(filler)}, Buffer.alloc(40 * 1024, 120));
const h = new logging.FileHandler(${JSON.stringify(log)});
h.setFormatter(new logging.Formatter("%(message)s"));
const log = logging.getLogger("disk");
log.addHandler(h);
log.setLevel(logging.INFO);
log.propagate = false;
for (let i = 0; i < 2000; i++) log.info("record %s %s", String(i).padStart(4, "0"), "y".repeat(33));
process.stdout.write("logged 2000 records\\n");
await new Promise((r) => setImmediate(r));
try {
  h.flush(); // the end of the record the full disk cut, still refused
  process.stdout.write("flushed\\n");
} catch (err) {
  process.stdout.write(\`flush: \${err.code}\\n\`);
}
rmSync(${JSON.stringify(filler)});
log.info("logged after freeing space");
await new Promise((r) => setImmediate(r));
process.stdout.write("still running\\n");
`,
    );
    expect(r.status, r.stderr).toBe(0);
    // A record was cut by the full disk (24 KiB is not a whole number of 46-byte records):
    // flush() raises as Python's does, and its end is written before the next record.
    expect(r.stdout).toBe("logged 2000 records\nflush: ENOSPC\nstill running\n");
    const errors = reports(r.stderr);
    expect(errors.length).toBeGreaterThan(500);
    for (const e of errors) {
      expect(e).toMatch(
        /^--- Logging error ---\nTraceback \(most recent call last\):\n[\s\S]*ENOSPC: no space left on device, write\nMessage: 'record %s %s'\nArguments: \('\d{4}', 'y{33}'\)\n$/,
      );
    }
    // Whole lines only: the first records, then the one logged after space was freed.
    const lines = readFileSync(log, "utf8").split("\n");
    expect(lines.pop()).toBe("");
    expect(lines.pop()).toBe("logged after freeing space");
    expect(lines).toEqual(
      Array.from(
        { length: lines.length },
        (_, i) => `record ${String(i).padStart(4, "0")} ${"y".repeat(33)}`,
      ),
    );
    // Each record was written or reported; the cut one both (reported, its end written later).
    expect(lines.length + errors.length).toBe(2001);
  });

  it("RotatingFileHandler: failed writes count for nothing in maxBytes; once space is back it rolls over where CPython does", () => {
    const file = join(disk, "rot.log");
    const filler = join(disk, "filler");
    const r = runChild(
      dir,
      "rot-full.mjs",
      `import { closeSync, openSync, rmSync, writeSync } from "node:fs";
const h = new logging.RotatingFileHandler(${JSON.stringify(file)}, { maxBytes: 100, backupCount: 2 });
h.setFormatter(new logging.Formatter("%(message)s"));
const log = logging.getLogger("rot");
log.addHandler(h);
log.propagate = false;
// Fill the file system to the last page.
const fd = openSync(${JSON.stringify(filler)}, "w");
try {
  for (;;) writeSync(fd, Buffer.alloc(4096, 120));
} catch (err) {
  if (err.code !== "ENOSPC") throw err;
}
closeSync(fd);
for (let i = 0; i < 5; i++) log.warning("record %s", String(i).padStart(3, "0")); // 11 bytes each
await new Promise((r) => setImmediate(r));
process.stdout.write("went on\\n");
rmSync(${JSON.stringify(filler)});
for (let i = 5; i < 25; i++) log.warning("record %s", String(i).padStart(3, "0"));
`,
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe("went on\n");
    const errors = reports(r.stderr);
    expect(errors.length).toBe(5);
    for (const [i, e] of errors.entries()) {
      expect(e).toMatch(
        new RegExp(
          `ENOSPC: no space left on device, write\\nMessage: 'record %s'\\nArguments: \\('00${i}',\\)\\n$`,
        ),
      );
    }
    // The five records that failed took no room: 9 records (99 bytes) per file, as with no failure.
    const records = (from: number, n: number) =>
      Array.from({ length: n }, (_, i) => `record ${String(from + i).padStart(3, "0")}\n`).join("");
    expect(readFileSync(`${file}.2`, "utf8")).toBe(records(5, 9));
    expect(readFileSync(`${file}.1`, "utf8")).toBe(records(14, 9));
    expect(readFileSync(file, "utf8")).toBe(records(23, 2));
  });
});

it("FileHandler on /dev/full: the log call reports ENOSPC as Python's handleError, each record is tried, flush() and close() do not throw", () => {
  const err = new StringStream();
  const saved = sys.stderr;
  sys.stderr = err;
  try {
    const h = new logging.FileHandler("/dev/full");
    const log = logging.getLogger("devfull");
    log.addHandler(h);
    log.propagate = false;
    log.error("first %s", "try");
    log.error("second");
    const [one, two, ...rest] = reports(err.getValue());
    expect(rest).toEqual([]);
    expect(one).toMatch(
      /^--- Logging error ---\nTraceback \(most recent call last\):\n[\s\S]*ENOSPC: no space left on device, write\nMessage: 'first %s'\nArguments: \('try',\)\n$/,
    );
    expect(two).toMatch(/ENOSPC: no space left on device, write\nMessage: 'second'\nArguments: \(\)\n$/);
    expect(() => h.flush()).not.toThrow();
    expect(() => h.close()).not.toThrow();
  } finally {
    sys.stderr = saved;
  }
});

describe("a process that dies right after logging", () => {
  const ways = [
    ["SIGKILL", 'process.kill(process.pid, "SIGKILL");'],
    ["SIGTERM", 'process.kill(process.pid, "SIGTERM"); // no handler: the default action, death'],
    ["SIGABRT", "process.abort();"],
  ] as const;
  for (const [signal, death] of ways) {
    it(`leaves all 1,001 records in the file (${death.replace(/;.*/, "")})`, () => {
      const file = join(dir, "crash.log");
      const r = runChild(
        dir,
        "crash.mjs",
        `logging.basicConfig({ filename: ${JSON.stringify(file)}, level: logging.INFO, format: "%(levelname)s %(message)s" });
for (let i = 0; i <= 1000; i++) logging.info("record %d of 1000", i);
${death}
`,
        "ulimit -c 0", // abort() leaves no core file in the package
      );
      expect(r.signal, r.stderr).toBe(signal);
      const lines = readFileSync(file, "utf8").split("\n");
      expect(lines.pop()).toBe(""); // the last record ends with its terminator
      expect(lines.length).toBe(1001);
      expect(lines[0]).toBe("INFO record 0 of 1000");
      expect(lines[1000]).toBe("INFO record 1000 of 1000");
    });
  }
});

it("RotatingFileHandler: a rollover the file system refuses (rename: EBUSY) is reported, the record skipped as CPython does, and the next rollover works", () => {
  const file = join(dir, "rot.log");
  writeFileSync(file, "");
  let bound = false;
  try {
    const r = runChild(
      dir,
      "rot-busy.mjs",
      `import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
const file = ${JSON.stringify(file)};
const h = new logging.RotatingFileHandler(file, { maxBytes: 100, backupCount: 1 });
h.setFormatter(new logging.Formatter("%(message)s"));
const log = logging.getLogger("rot");
log.addHandler(h);
log.propagate = false;
const rec = (i) => log.warning("record %s", String(i).padStart(3, "0")); // 11 bytes each
for (let i = 0; i < 9; i++) rec(i); // 99 bytes: the next record rolls over
execFileSync("mount", ["--bind", file, file]); // a mount point cannot be renamed: EBUSY
process.stdout.write("mounted\\n");
rec(9);
rec(10);
execFileSync("umount", [file]);
process.stdout.write("went on\\n");
rec(11);
rec(12);
// In the same turn: the records are in the files.
process.stdout.write(JSON.stringify([readFileSync(file + ".1", "utf8"), readFileSync(file, "utf8")]) + "\\n");
`,
    );
    bound = r.stdout.includes("mounted") && !r.stdout.includes("went on");
    expect(r.status, r.stderr).toBe(0);
    const errors = reports(r.stderr);
    expect(errors.length).toBe(2);
    for (const [i, e] of errors.entries()) {
      expect(e).toMatch(
        new RegExp(
          `^--- Logging error ---\\nTraceback \\(most recent call last\\):\\n[\\s\\S]*EBUSY: resource busy or locked, rename '${literal(file)}' -> '${literal(file)}\\.1'\\nMessage: 'record %s'\\nArguments: \\('${String(9 + i).padStart(3, "0")}',\\)\\n$`,
        ),
      );
    }
    const records = (from: number, n: number) =>
      Array.from({ length: n }, (_, i) => `record ${String(from + i).padStart(3, "0")}\n`).join("");
    const [one, current] = JSON.parse(r.stdout.split("\n")[2] as string) as [string, string];
    expect(one).toBe(records(0, 9));
    expect(current).toBe(records(11, 2));
  } finally {
    if (bound) execFileSync("umount", [file]);
  }
});
