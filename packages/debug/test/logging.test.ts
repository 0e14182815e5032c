/**
 * @aio/debug's logging: what the differential pairs cannot show (files, callers, other loggers,
 * the runtime's own records), asserted on real files, real child processes and the real loop.
 */
import { spawnSync } from "node:child_process";
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { getRunningLoop, type VirtualClock } from "@aio/loop";
import { coroutine, createTask, run, sleep } from "@aio/task";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { logging, StringStream, sys, warnings } from "../src/index.js";

const here = fileURLToPath(import.meta.url);
let dir: string;

beforeEach(() => {
  logging.resetLogging();
  warnings.resetWarningsState();
  dir = mkdtempSync(join(tmpdir(), "aio-debug-"));
});
afterEach(() => {
  logging.resetLogging();
  rmSync(dir, { recursive: true, force: true });
});

function capture(logger: logging.Logger, format: string): StringStream {
  const buf = new StringStream();
  const h = new logging.StreamHandler(buf);
  h.setFormatter(new logging.Formatter(format));
  logger.addHandler(h);
  logger.setLevel(logging.DEBUG);
  logger.propagate = false;
  return buf;
}

describe("records", () => {
  it("name the caller: file, module, function, line; stacklevel moves up one caller", () => {
    const log = logging.getLogger("where");
    const buf = capture(log, "%(filename)s|%(module)s|%(funcName)s|%(lineno)d|%(pathname)s|%(message)s");
    function handler() {
      log.info("from handler"); // line A
      helper();
    }
    function helper() {
      log.info("from helper, naming its caller", logging.kw({ stacklevel: 2 }));
    }
    handler();
    const lines = buf.getValue().trim().split("\n");
    const src = readFileSync(here, "utf8").split("\n");
    const lineA = src.findIndex((l) => l.includes("// line A")) + 1;
    const callHelper = src.findIndex((l) => l.trim() === "helper();") + 1;
    expect(lines[0]).toBe(`logging.test.ts|logging.test|handler|${lineA}|${here}|from handler`);
    expect(lines[1]).toBe(
      `logging.test.ts|logging.test|handler|${callHelper}|${here}|from helper, naming its caller`,
    );
  });

  it("format the time as Python does, or with datefmt; msecs and relativeCreated are numbers", () => {
    const log = logging.getLogger("time");
    const buf = capture(log, "%(asctime)s %(msecs)03d %(message)s");
    log.info("default");
    const h2 = new logging.StreamHandler(buf);
    h2.setFormatter(new logging.Formatter("%(asctime)s %(message)s", "%d/%m/%Y %H-%M"));
    log.addHandler(h2);
    log.info("datefmt");
    const [a, b, c] = buf.getValue().trim().split("\n");
    expect(a).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{3} \d{3} default$/);
    expect(b).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{3} \d{3} datefmt$/);
    expect(c).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}-\d{2} datefmt$/);
    const now = new Date();
    expect(a?.slice(0, 10)).toBe(
      `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}-${String(now.getDate()).padStart(2, "0")}`,
    );
  });

  it("take extra fields, refuse to overwrite the record's own, and use the formatter's defaults", () => {
    const log = logging.getLogger("extra");
    const buf = new StringStream();
    const h = new logging.StreamHandler(buf);
    h.setFormatter(new logging.Formatter("%(user)s %(ip)s %(message)s", null, { defaults: { ip: "-" } }));
    log.addHandler(h);
    log.warning("login", logging.kw({ extra: { user: "ann" } }));
    expect(buf.getValue()).toBe("ann - login\n");
    expect(() => log.warning("x", logging.kw({ extra: { msg: "no" } }))).toThrow(
      "Attempt to overwrite 'msg' in LogRecord",
    );
  });

  it("stack_info appends the stack of the call", () => {
    const log = logging.getLogger("stack");
    const buf = capture(log, "%(message)s");
    log.info("here", logging.kw({ stackInfo: true }));
    const text = buf.getValue();
    expect(text).toMatch(/^here\nStack \(most recent call last\):\n/);
    expect(text).toContain(`File "${here}", line`);
  });
});

describe("the runtime's records and warnings", () => {
  it("a callback that fails is an ERROR of the asyncio logger, with the traceback", async () => {
    const buf = new StringStream();
    logging.basicConfig({ stream: buf, level: logging.DEBUG });
    const main = coroutine(function* main() {
      getRunningLoop().callSoon(function boom() {
        throw new RangeError("bad callback");
      });
      yield* sleep(0.01);
    });
    await run(main(), { clock: "virtual" });
    const text = buf.getValue();
    expect(text).toMatch(/^DEBUG:asyncio:Using selector: libuv\n/m);
    expect(text).toMatch(
      /^ERROR:asyncio:Exception in callback boom\(\) at \S*logging\.test\.ts:106\nhandle: <Handle boom\(\) at \S*logging\.test\.ts:106>\nTraceback \(most recent call last\):\n/m,
    );
    expect(text).toContain(`File "${here}"`);
    expect(text).toMatch(/^RangeError: bad callback$/m);
  });

  it("debug mode: an exception never retrieved names where the task was made, as Python's frames", async () => {
    const buf = new StringStream();
    logging.basicConfig({ stream: buf, level: logging.WARNING });
    const failing = coroutine(function* failing() {
      throw new RangeError("lost");
    });
    const main = coroutine(function* main() {
      createTask(failing()); // made here, never awaited
      yield* sleep(0.01);
    });
    await run(main(), { clock: "virtual", debug: true });
    const text = buf.getValue();
    const made =
      readFileSync(here, "utf8")
        .split("\n")
        .findIndex((l) => l.includes("// made here, never awaited")) + 1;
    expect(text).toMatch(
      /^ERROR:asyncio:Task exception was never retrieved\nfuture: <Task finished name='Task-\d+' coro=<failing\(\) done, defined at \S+> exception=RangeError\('lost'\) created at \S+>\n/,
    );
    const ran = made + 3;
    expect(text).toContain(
      `Object created at (most recent call last):\n  File "${here}", line ${ran}, in <module>\n` +
        `    await run(main(), { clock: "virtual", debug: true });\n` +
        `  File "${here}", line ${made}, in main\n    createTask(failing()); // made here, never awaited\n`,
    );
    expect(text).not.toMatch(/^\s+at /m); // no V8 frame left
    expect(text).toMatch(/^RangeError: lost$/m);
  });

  it("debug mode's slow step is a WARNING of the asyncio logger, timed on the loop's clock", async () => {
    const buf = new StringStream();
    logging.basicConfig({ stream: buf, level: logging.WARNING });
    const slow = coroutine(function* slow() {
      (getRunningLoop().clock as VirtualClock).advance(0.25); // the virtual clock: a step that took 250 ms there
    });
    await run(slow(), { clock: "virtual", debug: true });
    expect(buf.getValue()).toMatch(
      /^WARNING:asyncio:Executing <Task finished name='Task-\d+' coro=<slow\(\) done, defined at \S+logging\.test\.ts:\d+> result=None created at \S+:\d+> took 0\.250 seconds$/m,
    );
  });

  it("a coroutine never awaited is a RuntimeWarning naming the line that made it", async () => {
    using caught = warnings.catchWarnings({ record: true });
    warnings.simplefilter("always");
    const forgotten = coroutine(function* forgotten() {});
    const main = coroutine(function* main() {
      forgotten(); // the forgotten await
    });
    await run(main(), { clock: "virtual" });
    const line =
      readFileSync(here, "utf8")
        .split("\n")
        .findIndex((l) => l.includes("// the forgotten await")) + 1;
    expect(caught.log.map((w) => [w.category, w.message.message, w.filename, w.lineno])).toEqual([
      [warnings.RuntimeWarning, "coroutine 'forgotten' was never awaited", here, line],
    ]);
    expect(caught.log[0]?.line?.trim()).toBe("forgotten(); // the forgotten await");
  });

  it("warn() names the caller's line and quotes it; a warning of the same place shows once by default", () => {
    const err = new StringStream();
    const saved = sys.stderr;
    sys.stderr = err;
    try {
      for (let i = 0; i < 3; i++) warnings.warn("careful"); // the warn line
      const line =
        readFileSync(here, "utf8")
          .split("\n")
          .findIndex((l) => l.includes("// the warn line")) + 1;
      expect(err.getValue()).toBe(
        `${here}:${line}: UserWarning: careful\n  for (let i = 0; i < 3; i++) warnings.warn("careful"); // the warn line\n`,
      );
    } finally {
      sys.stderr = saved;
    }
  });
});

describe("handlers", () => {
  it("FileHandler appends each record as it is logged; a process that exits at once loses nothing", () => {
    const file = join(dir, "app.log");
    writeFileSync(file, "old line\n");
    const h = new logging.FileHandler(file);
    h.setFormatter(new logging.Formatter("%(levelname)s %(message)s"));
    const log = logging.getLogger("file");
    log.addHandler(h);
    log.setLevel(logging.INFO);
    for (let i = 0; i < 100; i++) log.info("record %d", i);
    // Already in the file, in the same turn: nothing waits in memory (as CPython's flush per record).
    const lines = readFileSync(file, "utf8").trim().split("\n");
    expect(lines.length).toBe(101);
    expect(lines[100]).toBe("INFO record 99");
    h.close();

    // A program that logs and exits at once loses nothing.
    const script = join(dir, "exit.mjs");
    const target = join(dir, "exit.log");
    writeFileSync(
      script,
      `import { logging } from ${JSON.stringify(pathToFileURL(join(here, "..", "..", "src", "index.ts")).href)};
logging.basicConfig({ filename: ${JSON.stringify(target)}, level: logging.INFO, format: "%(message)s" });
for (let i = 0; i < 1000; i++) logging.info("line %d", i);
process.exit(0);
`,
    );
    const r = spawnSync(process.execPath, ["--conditions=aio-source", "--import", "tsx", script], {
      cwd: join(here, "..", ".."),
      encoding: "utf8",
    });
    expect(r.stderr).toBe("");
    const written = readFileSync(target, "utf8").trim().split("\n");
    expect(written.length).toBe(1000);
    expect(written[999]).toBe("line 999");
  });

  it("StreamHandler to a Node file stream (whose `flush` is a boolean option) writes without a Logging error", async () => {
    const err = new StringStream();
    const saved = sys.stderr;
    sys.stderr = err;
    try {
      const file = join(dir, "stream.log");
      const stream = createWriteStream(file);
      const log = logging.getLogger("stream");
      log.addHandler(new logging.StreamHandler(stream));
      log.warning("one");
      log.warning("two");
      await new Promise((r) => stream.end(r));
      expect(err.getValue()).toBe("");
      expect(readFileSync(file, "utf8")).toBe("one\ntwo\n");
    } finally {
      sys.stderr = saved;
    }
  });

  it("FileHandler mode 'w' truncates; delay opens the file with the first record", () => {
    const file = join(dir, "w.log");
    writeFileSync(file, "old\n");
    const w = new logging.FileHandler(file, { mode: "w" });
    w.close();
    expect(readFileSync(file, "utf8")).toBe("");
    const later = join(dir, "later.log");
    const d = new logging.FileHandler(later, { delay: true });
    expect(existsSync(later)).toBe(false);
    const log = logging.getLogger("delay");
    log.addHandler(d);
    log.error("first");
    d.flush();
    expect(readFileSync(later, "utf8")).toBe("first\n");
    d.close();
  });

  it("RotatingFileHandler keeps backupCount files below maxBytes, newest in .1", () => {
    const file = join(dir, "rot.log");
    const h = new logging.RotatingFileHandler(file, { maxBytes: 100, backupCount: 2 });
    h.setFormatter(new logging.Formatter("%(message)s"));
    const log = logging.getLogger("rot");
    log.addHandler(h);
    for (let i = 0; i < 30; i++) log.warning("record %s", String(i).padStart(3, "0")); // 11 bytes each
    h.close();
    const read = (f: string) => readFileSync(f, "utf8");
    const current = read(file);
    const one = read(`${file}.1`);
    const two = read(`${file}.2`);
    expect(existsSync(`${file}.3`)).toBe(false);
    for (const text of [current, one, two]) expect(Buffer.byteLength(text)).toBeLessThan(100);
    // As CPython 3.12's RotatingFileHandler (same program): a file rolls over when the next record
    // would reach maxBytes, 9 records (99 bytes) per file; the oldest beyond backupCount are gone.
    const records = (from: number, n: number) =>
      Array.from({ length: n }, (_, i) => `record ${String(from + i).padStart(3, "0")}`);
    expect(current.trim().split("\n")).toEqual(records(27, 3));
    expect(one.trim().split("\n")).toEqual(records(18, 9));
    expect(two.trim().split("\n")).toEqual(records(9, 9));
  });

  it("ForwardingHandler passes records to another logger's methods with their fields", () => {
    const calls: [string, unknown[]][] = [];
    const pinoLike = {
      debug: (...a: unknown[]) => calls.push(["debug", a]),
      info: (...a: unknown[]) => calls.push(["info", a]),
      warn: (...a: unknown[]) => calls.push(["warn", a]),
      error: (...a: unknown[]) => calls.push(["error", a]),
    };
    const log = logging.getLogger("fwd");
    log.setLevel(logging.DEBUG);
    log.addHandler(new logging.ForwardingHandler(pinoLike));
    const err = new Error("down");
    log.debug("d %d", 1);
    log.info("i");
    log.warning("w");
    log.exception(err, "failed");
    log.critical("c");
    expect(calls.map(([m, a]) => [m, a[1]])).toEqual([
      ["debug", "d 1"],
      ["info", "i"],
      ["warn", "w"],
      ["error", expect.stringMatching(/^failed\nTraceback \(most recent call last\):\n[\s\S]*Error: down$/)],
      ["error", "c"],
    ]);
    expect(calls[3]?.[1][0]).toEqual({ logger: "fwd", level: "ERROR", err });
  });

  it("a handler that throws is reported and the other handlers still get the record", () => {
    const err = new StringStream();
    const saved = sys.stderr;
    sys.stderr = err;
    try {
      const log = logging.getLogger("broken");
      const good = new StringStream();
      log.addHandler(
        new logging.StreamHandler({
          write: () => {
            throw new Error("disk full");
          },
        }),
      );
      log.addHandler(new logging.StreamHandler(good));
      log.error("still delivered");
      expect(good.getValue()).toBe("still delivered\n");
      expect(err.getValue()).toMatch(
        /^--- Logging error ---\n[\s\S]*Error: disk full\nMessage: 'still delivered'\nArguments: \(\)\n$/,
      );
    } finally {
      sys.stderr = saved;
    }
  });
});

describe("tasks in records", () => {
  it("taskName follows the running task, and is None outside one", async () => {
    const log = logging.getLogger("tn");
    const buf = capture(log, "%(taskName)s:%(message)s");
    log.info("outside");
    const child = coroutine(function* child() {
      log.info("in child");
    });
    const main = coroutine(function* main() {
      log.info("in main");
      yield* createTask(child(), { name: "kid" });
    });
    await run(main(), { clock: "virtual" });
    expect(buf.getValue()).toMatch(/^None:outside\nTask-\d+:in main\nkid:in child\n$/);
  });
});

describe("records, made cheaply", () => {
  it("the caller is found with the program's own stack limit back in place after, even a low one", () => {
    const log = logging.getLogger("limit");
    const buf = capture(log, "%(funcName)s|%(message)s");
    const saved = Error.stackTraceLimit;
    try {
      function outer() {
        inner();
      }
      function inner() {
        log.info("two up", logging.kw({ stacklevel: 2 }));
        log.info("one up");
      }
      Error.stackTraceLimit = 50;
      outer();
      expect(Error.stackTraceLimit).toBe(50);
      Error.stackTraceLimit = 0; // the program wants no stacks: no caller either, as before
      log.info("none");
      expect(Error.stackTraceLimit).toBe(0);
    } finally {
      Error.stackTraceLimit = saved;
    }
    expect(buf.getValue().trim().split("\n")).toEqual([
      "outer|two up",
      "inner|one up",
      "(unknown function)|none",
    ]);
  });

  it("records of one second share their time text; another format or second gets its own", () => {
    const f1 = new logging.Formatter("%(asctime)s", "%H:%M:%S");
    const f2 = new logging.Formatter("%(asctime)s", "%Y");
    const rec = (t: number) => {
      const r = new logging.LogRecord("t", logging.INFO, "m", [], {});
      r.created = t;
      r.msecs = (t * 1000) % 1000;
      return r;
    };
    const t0 = new Date(2024, 0, 2, 3, 4, 5).getTime() / 1000;
    expect(f1.format(rec(t0 + 0.1))).toBe("03:04:05");
    expect(f2.format(rec(t0 + 0.2))).toBe("2024");
    expect(f1.format(rec(t0 + 0.9))).toBe("03:04:05");
    expect(f1.format(rec(t0 + 1.0))).toBe("03:04:06");
    expect(new logging.Formatter("%(asctime)s").format(rec(t0 + 1.25))).toBe("2024-01-02 03:04:06,250");
  });
});
