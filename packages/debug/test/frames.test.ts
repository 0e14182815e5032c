/**
 * Stack frames as Python shows them: V8 frame lines parsed (file URLs turned into paths, Node's
 * `Object.<anonymous>` as `<module>`), errors printed as Python tracebacks, frames hidden.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { exceptionLine, firstUserFrame, isInternal, pythonStacks, sourceLine } from "../src/frames.js";
import { formatException, hideFrames, parseStack } from "../src/index.js";

const dir = mkdtempSync(join(tmpdir(), "aio-frames-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const prog = join(dir, "prog.ts");
writeFileSync(prog, "first line\r\n  second();  \nthird\n");

describe("parseStack", () => {
  it("names frames as Python: <module> at the top level, no receiver, no alias; file URLs become paths", () => {
    const url = pathToFileURL(prog).href;
    const stack = [
      "Error: x",
      `    at Object.<anonymous> (${url}:1:5)`,
      `    at new Widget (${prog}:2:3)`,
      `    at Generator.next (${prog}:2:4)`,
      `    at Object.run (${prog}:2:5)`,
      `    at Module.load (${prog}:2:6)`,
      `    at Foo.bar [as baz] (${prog}:2:7)`,
      `    at async main (${prog}:3:1)`,
      `    at ${url}:3:2`,
      "    at file://%zz/x.ts:1:1",
      "    at Object.<anonymous>.x (/a.ts:1:1)",
      "    at Object.<anonymousX> (/a.ts:1:1)",
      "    at Widget.new Thing (/a.ts:1:1)",
      "    at f [as g]x (/a.ts:1:1)",
      "    at Foo.Object.<anonymous> (/a.ts:1:1)",
      "not a frame",
    ].join("\n");
    expect(parseStack(stack).map((f) => [f.func, f.file, f.line, f.column])).toEqual([
      ["<module>", prog, 1, 5],
      ["Widget", prog, 2, 3],
      ["next", prog, 2, 4],
      ["run", prog, 2, 5],
      ["load", prog, 2, 6],
      ["Foo.bar", prog, 2, 7],
      ["main", prog, 3, 1],
      ["<module>", prog, 3, 2],
      ["<module>", "file://%zz/x.ts", 1, 1], // a URL that is no path stays as it is
      ["<anonymous>.x", "/a.ts", 1, 1],
      ["<anonymousX>", "/a.ts", 1, 1],
      ["Widget.new Thing", "/a.ts", 1, 1],
      ["f [as g]x", "/a.ts", 1, 1],
      ["Foo.Object.<anonymous>", "/a.ts", 1, 1], // only the whole name is the top level
    ]);
  });
});

describe("the program's frames and the runtime's", () => {
  it("node internals, native and anonymous frames, and the aio packages are the runtime's; hideFrames adds more", () => {
    const at = (file: string) => ({ func: "f", file, line: 1, column: 1 });
    expect(isInternal(at("node:internal/x"))).toBe(true);
    expect(isInternal(at("native"))).toBe(true);
    expect(isInternal(at("<anonymous>"))).toBe(true);
    expect(isInternal(at("/r/packages/task/src/task.ts"))).toBe(true);
    expect(isInternal(at(prog))).toBe(false);
    expect(isInternal(at("/srv/harness-only/x.ts"))).toBe(false);
    expect(firstUserFrame(`Error\n    at f (node:internal/a:1:1)\n    at g (${prog}:2:1)`)?.func).toBe("g");
    expect(firstUserFrame("Error\n    at f (node:internal/a:1:1)")).toBe(null);
    hideFrames(/harness-only/);
    expect(isInternal(at("/srv/harness-only/x.ts"))).toBe(true);
    expect(isInternal(at("/srv/other/x.ts"))).toBe(false);
    expect(() => hideFrames("x" as never)).toThrow(new TypeError("hideFrames() needs a RegExp, got x"));
  });

  it("sourceLine reads the line (CRLF or LF), empty for a missing line or file; read once, as linecache", () => {
    expect(sourceLine(prog, 1)).toBe("first line");
    expect(sourceLine(prog, 2)).toBe("  second();  ");
    expect(sourceLine(prog, 9)).toBe("");
    const later = join(dir, "later.ts");
    const changed = join(dir, "changed.ts");
    writeFileSync(changed, "before\n");
    expect(sourceLine(later, 1)).toBe("");
    expect(sourceLine(changed, 1)).toBe("before");
    writeFileSync(later, "now here\n");
    writeFileSync(changed, "after\n");
    // Python's linecache keeps what it read (or that the file was not there) until checked again.
    expect(sourceLine(later, 1)).toBe("");
    expect(sourceLine(changed, 1)).toBe("before");
  });
});

describe("formatException", () => {
  it("the last line: Name: message, the name alone for an empty message, Python's for what is no Error", () => {
    class Custom extends Error {}
    const unnamed = new Custom("m");
    unnamed.name = "";
    const throwing = new Error("x");
    Object.defineProperty(throwing, "message", {
      get() {
        throw new Error("no");
      },
    });
    expect(exceptionLine(new TypeError("bad"))).toBe("TypeError: bad");
    expect(exceptionLine(new RangeError(""))).toBe("RangeError");
    expect(exceptionLine(unnamed)).toBe("Custom: m");
    expect(exceptionLine(throwing)).toBe("Error");
    const Anonymous = [class extends Error {}][0] as ErrorConstructor;
    const nameless = new Anonymous("m");
    nameless.name = "";
    expect(exceptionLine(nameless)).toBe("Error: m");
    expect(formatException(null)).toBe("NoneType: None");
    expect(formatException(undefined)).toBe("NoneType: None");
    expect(formatException("text")).toBe("str: text");
    expect(formatException(5)).toBe("number: 5");
    expect(formatException(Object.create(null))).toBe("object: <unprintable object>");
  });

  it("a traceback: the program's frames oldest first with their source lines; the cause first", () => {
    const cause = new Error("inner");
    cause.stack = `Error: inner\n    at g (${prog}:1:1)`;
    const err = new TypeError("outer", { cause });
    err.stack = `TypeError: outer\n    at f (${prog}:2:1)\n    at h (node:internal/x:1:1)\n    at main (${prog}:3:1)`;
    expect(formatException(err)).toBe(
      [
        "Traceback (most recent call last):",
        `  File "${prog}", line 1, in g`,
        "    first line",
        "Error: inner",
        "",
        "The above exception was the direct cause of the following exception:",
        "",
        "Traceback (most recent call last):",
        `  File "${prog}", line 3, in main`,
        "    third",
        `  File "${prog}", line 2, in f`,
        "    second();",
        "TypeError: outer",
      ].join("\n"),
    );
  });

  it("a frame whose line cannot be read has no source line under it", () => {
    const err = new Error("e");
    err.stack = `Error: e\n    at f (${prog}:9:1)\n    at g (${join(dir, "nowhere.ts")}:1:1)`;
    expect(formatException(err)).toBe(
      `Traceback (most recent call last):\n  File "${join(dir, "nowhere.ts")}", line 1, in g\n  File "${prog}", line 9, in f\nError: e`,
    );
  });

  it("an error without frames has no Traceback line; a cause cycle is printed once; a stack getter may throw", () => {
    const bare = new Error("bare");
    bare.stack = "Error: bare";
    expect(formatException(bare)).toBe("Error: bare");
    const internal = new Error("i");
    internal.stack = "Error: i\n    at f (node:internal/x:1:1)";
    expect(formatException(internal)).toBe("Traceback (most recent call last):\nError: i");
    const a = new Error("a");
    const b = new Error("b", { cause: a });
    (a as { cause?: unknown }).cause = b;
    a.stack = "Error: a";
    b.stack = "Error: b";
    expect(formatException(b)).toBe(
      "Error: a\n\nThe above exception was the direct cause of the following exception:\n\nError: b",
    );
    const odd = new Error("odd");
    Object.defineProperty(odd, "stack", {
      get() {
        throw new Error("no stack");
      },
    });
    expect(formatException(odd)).toBe("Error: odd");
    const numeric = new Error("n");
    Object.defineProperty(numeric, "stack", { value: 42 });
    expect(formatException(numeric)).toBe("Error: n");
  });
});

describe("pythonStacks", () => {
  it("turns the V8 frames after a 'created at' line into Python's, the runtime's left out, other lines kept", () => {
    const message = [
      "Task was destroyed but it is pending!",
      "    at not (/after/a/plain/line.ts:1:1)",
      "Coroutine created at (most recent call last):",
      `    at main (${prog}:2:1)`,
      "    at run (node:internal/x:1:1)",
      "    at garbage",
      "task: <Task pending>",
      "    at f (/x.ts:1:1)",
    ].join("\n");
    expect(pythonStacks(message)).toBe(
      [
        "Task was destroyed but it is pending!",
        "    at not (/after/a/plain/line.ts:1:1)",
        "Coroutine created at (most recent call last):",
        `  File "${prog}", line 2, in main`,
        "    second();",
        "task: <Task pending>",
        "    at f (/x.ts:1:1)",
      ].join("\n"),
    );
    expect(pythonStacks("no stacks here\n    at f (/x.ts:1:1)")).toBe("no stacks here\n    at f (/x.ts:1:1)");
    // Frame lines before any "created at" line, and a line with " at " inside, stay as they are.
    const other = `    at f (/x.ts:1:1)\nHandle created at (most recent call last):\nHandle at 0x1 closed\n`;
    expect(pythonStacks(other)).toBe(other);
  });
});
