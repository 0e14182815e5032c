/**
 * @aio/debug's logging handlers, basicConfig, filters, strftime, formatters and module functions,
 * as CPython 3.12's logging behaves (each expected value checked against `python3.12`): written
 * against the survivors of the session-6 mutation runs of src/logging/*.ts (test/MUTATION.md).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { logging, StringStream, sys } from "../src/index.js";

let err: StringStream;
let savedErr: typeof sys.stderr;

beforeEach(() => {
  logging.resetLogging();
  err = new StringStream();
  savedErr = sys.stderr;
  sys.stderr = err;
});
afterEach(() => {
  sys.stderr = savedErr;
  logging.options.raiseExceptions = true;
  logging.options.logCallers = true;
  logging.resetLogging();
});

function record(msg: unknown = "m", args: unknown[] | null = null, level = logging.INFO): logging.LogRecord {
  return new logging.LogRecord("app", level, msg, args);
}

const UNABLE =
  "Unable to print the message and arguments - possible formatting error.\n" +
  "Use the traceback above to help find the error.\n";

describe("handlers", () => {
  it("handleError: a message that cannot be printed gets Python's 'Unable to print' lines after the traceback", () => {
    const log = logging.getLogger("unprintable");
    log.addHandler(
      new logging.StreamHandler({
        write() {
          throw new Error("stream gone");
        },
      }),
    );
    log.propagate = false;
    class Bad {
      toString(): string {
        throw new Error("no text");
      }
    }
    log.warning(new Bad());
    const text = err.getValue();
    expect(text.startsWith("--- Logging error ---\nTraceback (most recent call last):\n")).toBe(true);
    expect(text).toContain("Error: stream gone\n");
    expect(text.endsWith(`\nError: stream gone\n${UNABLE}`)).toBe(true);
  });

  it("handleError: arguments that cannot be read get the same lines", () => {
    const h = new logging.StreamHandler(new StringStream());
    const r = record("m %s");
    r.args = new Proxy(["x"], {
      get() {
        throw new Error("args gone");
      },
    });
    h.handleError(r, new Error("e"));
    expect(err.getValue()).toMatch(/^--- Logging error ---\n[\s\S]*\nError: e\nUnable to print the message/);
    expect(err.getValue().endsWith(`\n${UNABLE}`)).toBe(true);
    expect(err.getValue()).not.toContain("Message:");
  });

  it("lastResort reports a record it cannot format through handleError, as CPython's _StderrHandler", () => {
    const log = logging.getLogger("orphan");
    log.warning("%d", "x");
    const text = err.getValue();
    expect(text.startsWith("--- Logging error ---\n")).toBe(true);
    expect(text).toContain("TypeError: %d format: a real number is required, not str\n");
    expect(text.endsWith("Message: '%d'\nArguments: ('x',)\n")).toBe(true);
  });

  it("shutdown flushes each handler before closing it, as logging.shutdown() does", () => {
    const calls: string[] = [];
    const stream = {
      write(t: string) {
        calls.push(`write ${t.trim()}`);
      },
      flush() {
        calls.push("flush");
      },
    };
    class Noting extends logging.StreamHandler {
      override close(): void {
        calls.push("close");
        super.close();
      }
    }
    new Noting(stream);
    logging.shutdown();
    expect(calls).toEqual(["flush", "close"]);
  });
});

describe("basicConfig", () => {
  it("refuses a filename with handlers, as Python's ValueError", () => {
    const h = new logging.StreamHandler(new StringStream());
    expect(() => logging.basicConfig({ handlers: [h], filename: "never-made.log" })).toThrow(
      new RangeError("'stream' or 'filename' should not be specified together with 'handlers'"),
    );
    expect(logging.root.handlers).toEqual([]);
  });

  it("passes the encoding to the file it opens (FileHandler writes UTF-8 only)", () => {
    expect(() => logging.basicConfig({ filename: "never-made.log", encoding: "latin-1" })).toThrow(
      new RangeError("FileHandler writes UTF-8 only, not 'latin-1'"),
    );
    expect(logging.root.handlers).toEqual([]);
  });

  it("names every unknown option, comma-separated; knows every option of Python's", () => {
    const buf = new StringStream();
    expect(() => logging.basicConfig({ stream: buf, foo: 1, bar: 2 } as never)).toThrow(
      new RangeError("Unrecognised argument(s): foo, bar"),
    );
    // python3.12 takes errors (for the file) and the file's options with a stream too
    expect(() =>
      logging.basicConfig({
        stream: buf,
        errors: "strict",
        filemode: "w",
        datefmt: "%Y",
        encoding: "utf-8",
        force: true,
      } as never),
    ).not.toThrow();
    expect(() =>
      logging.basicConfig({ handlers: [new logging.StreamHandler(buf)], force: true }),
    ).not.toThrow();
    const dir = mkdtempSync(join(tmpdir(), "aio-mutbc-"));
    try {
      const file = join(dir, "b.log");
      expect(() => logging.basicConfig({ filename: file, force: true })).not.toThrow();
      logging.warning("to the file");
      logging.resetLogging();
      expect(readFileSync(file, "utf8")).toBe("WARNING:root:to the file\n");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("ForwardingHandler", () => {
  it("refuses null or undefined as the target, with its own message", () => {
    for (const [target, shown] of [
      [null, "None"],
      [undefined, "None"],
    ] as const) {
      expect(() => new logging.ForwardingHandler(target as never)).toThrow(
        new TypeError(
          `ForwardingHandler needs a logger with debug, info, warn and error methods; ${shown} has no debug()`,
        ),
      );
    }
  });

  it("the fields object has err only for a record with an error, and no task name outside a task", () => {
    const calls: unknown[][] = [];
    const push = (...a: unknown[]) => calls.push(a);
    const h = new logging.ForwardingHandler({ debug: push, info: push, warn: push, error: push });
    h.handle(record("plain"));
    const e = new Error("boom");
    const failed = new logging.LogRecord("app", logging.ERROR, "failed", null, { excInfo: e });
    h.handle(failed);
    expect(Object.keys(calls[0]?.[0] as object)).toEqual(["logger", "level"]);
    expect(calls[1]?.[0]).toStrictEqual({ logger: "app", level: "ERROR", err: e });
  });
});

describe("strftime", () => {
  it("names every day and month, short and long, as time.strftime in the C locale", () => {
    // python3.12: datetime.date(2026, 1, 4 + i).strftime("%a %A"), the week from Sunday 4 January 2026
    const days = Array.from({ length: 7 }, (_, i) => logging.strftime("%a %A", new Date(2026, 0, 4 + i)));
    expect(days).toEqual([
      "Sun Sunday",
      "Mon Monday",
      "Tue Tuesday",
      "Wed Wednesday",
      "Thu Thursday",
      "Fri Friday",
      "Sat Saturday",
    ]);
    const months = Array.from({ length: 12 }, (_, m) => logging.strftime("%b %B", new Date(2026, m, 1)));
    expect(months).toEqual([
      "Jan January",
      "Feb February",
      "Mar March",
      "Apr April",
      "May May",
      "Jun June",
      "Jul July",
      "Aug August",
      "Sep September",
      "Oct October",
      "Nov November",
      "Dec December",
    ]);
  });

  it("%z is the offset the date gives, with its sign; %Z the zone's short name", () => {
    /** A date in a zone of its own: the offset is what the Date reports (minutes west of UTC). */
    class Zoned extends Date {
      constructor(private readonly west: number) {
        super(2026, 0, 1);
      }
      override getTimezoneOffset(): number {
        return this.west;
      }
    }
    // python3.12: %z in New York (EST), Kolkata, UTC, Newfoundland (NST), the Chatham Islands
    expect(logging.strftime("%z", new Zoned(300))).toBe("-0500");
    expect(logging.strftime("%z", new Zoned(-330))).toBe("+0530");
    expect(logging.strftime("%z", new Zoned(0))).toBe("+0000");
    expect(logging.strftime("%z", new Zoned(210))).toBe("-0330");
    expect(logging.strftime("%z", new Zoned(-825))).toBe("+1345");
    // The process's own zone: a name, never the directive left as it is.
    expect(logging.strftime("%Z", new Date(2026, 0, 1))).toMatch(/^[A-Z][A-Za-z0-9+:-]*$/);
  });
});

describe("formatters", () => {
  it("'%' style: a null field is None to every conversion, as Python's None (%r is None, not 'None')", () => {
    const r = record("m");
    // python3.12, outside a task, with no stack or error text
    expect(new logging.Formatter("%(taskName)r|%(stack_info)r|%(exc_text)a|%(taskName)5s|").format(r)).toBe(
      "None|None|None| None|",
    );
    expect(() => new logging.Formatter("%(taskName)d").format(r)).toThrow(
      new TypeError("%d format: a real number is required, not NoneType"),
    );
  });

  it("'%' style: Python's field names read the record's fields (stack_info is stackInfo)", () => {
    const r = new logging.LogRecord("app", logging.INFO, "m", null, { stackInfo: "S" });
    // python3.12: LogRecord(..., sinfo="S") with "%(stack_info)s|%(message)s"
    expect(new logging.Formatter("%(stack_info)s|%(message)s").format(r)).toBe("S|m\nS");
  });

  it("validation takes every form of field Python's does: flags, widths, precisions, conversions, specs", () => {
    const r = record("hello");
    r.x = 1.5;
    const cases: [string, logging.FormatStyle, string][] = [
      ["%(message)-10s|", "%", "hello     |"],
      ["%(message)10s|", "%", "     hello|"],
      ["%(x).10f", "%", "1.5000000000"],
      ["{message!r}", "{", "'hello'"],
      ["{message:>10}", "{", "     hello"],
      ["$message", "$", "hello"],
    ];
    for (const [fmt, style, expected] of cases) {
      const f = new logging.Formatter(fmt, null, style);
      expect(f.usesTime()).toBe(false);
      expect(f.format(r)).toBe(expected);
    }
  });

  it("usesTime: '$asctime' and '$' + '{asctime}' use the time; '{message}' does not", () => {
    const r = record("m");
    const bare = new logging.Formatter("$asctime $message", "%Y", "$");
    expect(bare.usesTime()).toBe(true);
    expect(bare.format(r)).toBe(`${new Date().getFullYear()} m`);
    expect(new logging.Formatter("{message}", null, "{").usesTime()).toBe(false);
  });

  it("defaults do not make a field up: a field neither the record nor the defaults have is not found", () => {
    const f = new logging.Formatter("{ip} {nothere}", null, { style: "{", defaults: { ip: "-" } });
    expect(() => f.format(record())).toThrow(
      new RangeError("Formatting field not found in record: 'nothere'"),
    );
    const d = new logging.Formatter("$ip $nothere", null, { style: "$", defaults: { ip: "-" } });
    expect(() => d.format(record())).toThrow(
      new RangeError("Formatting field not found in record: 'nothere'"),
    );
  });

  it("'{' style: a precision of two digits", () => {
    const r = record("abcdefghijklmn");
    // python3.12: "{:.10}".format("abcdefghijklmn") == "abcdefghij"
    expect(new logging.Formatter("{message:.10}", null, "{").format(r)).toBe("abcdefghij");
  });
});

describe("module functions", () => {
  it("logging.log drops a record below the root's level (WARNING by default)", () => {
    const buf = new StringStream();
    logging.basicConfig({ stream: buf });
    logging.log(logging.INFO, "below");
    logging.log(logging.WARNING, "at %s", "level");
    expect(buf.getValue()).toBe("WARNING:root:at level\n");
  });
});
