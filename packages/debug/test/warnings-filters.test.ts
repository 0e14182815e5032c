/**
 * The warnings filters as CPython 3.11/3.12 keeps them (`warnings.filters`, first match wins) and
 * the actions' registries: default once per place, module once per file, once once per text, error
 * throws; what each warnExplicit below shows was checked against CPython's warn_explicit.
 */
import { afterEach, describe, expect, it } from "vitest";
import { warnings } from "../src/index.js";

afterEach(() => warnings.resetWarningsState());

const shown = (f: () => void): string[] => {
  using w = warnings.catchWarnings({ record: true });
  f();
  return w.log.map((m) => `${m.filename}:${m.lineno} ${m.category.name}: ${String(m.message.message)}`);
};

const table = () => warnings.filters.map((f) => `${f.action} ${f.category.name}`);

describe("filters", () => {
  it("simplefilter puts a filter in front, moving an equal one; appended, a new one goes last and an equal one stays", () => {
    warnings.resetwarnings();
    warnings.simplefilter("error", warnings.UserWarning);
    warnings.simplefilter("ignore", warnings.RuntimeWarning);
    expect(table()).toEqual(["ignore RuntimeWarning", "error UserWarning"]);
    warnings.simplefilter("error", warnings.UserWarning);
    expect(table()).toEqual(["error UserWarning", "ignore RuntimeWarning"]);
    warnings.simplefilter("error", warnings.UserWarning, { append: true });
    expect(table()).toEqual(["error UserWarning", "ignore RuntimeWarning"]);
    warnings.simplefilter("always", undefined, { append: true });
    expect(table()).toEqual(["error UserWarning", "ignore RuntimeWarning", "always Warning"]);
    // Equal means the same action, category, line, message and module.
    warnings.simplefilter("error", warnings.UserWarning, { lineno: 3 });
    warnings.filterwarnings("error", { category: warnings.UserWarning, message: "m" });
    warnings.filterwarnings("error", { category: warnings.UserWarning, module: "m" });
    warnings.filterwarnings("ignore", { category: warnings.UserWarning });
    warnings.filterwarnings("error", { category: warnings.Warning, append: true });
    expect(table()).toEqual([
      "ignore UserWarning",
      "error UserWarning",
      "error UserWarning",
      "error UserWarning",
      "error UserWarning",
      "ignore RuntimeWarning",
      "always Warning",
      "error Warning",
    ]);
    const first = warnings.filters[0];
    expect([first?.message, first?.module, first?.lineno]).toEqual([null, null, 0]);
    const [, moduled, messaged, lined] = warnings.filters;
    expect(lined?.lineno).toBe(3);
    expect(String(messaged?.message)).toBe("/^(?:m)/i");
    expect(String(moduled?.module)).toBe("/^(?:m)$/");
  });

  it("refuse a bad line number, action or category", () => {
    for (const lineno of [-1, 1.5]) {
      expect(() => warnings.simplefilter("error", warnings.Warning, { lineno })).toThrow(
        new RangeError("lineno must be an int >= 0"),
      );
      expect(() => warnings.filterwarnings("error", { lineno })).toThrow(
        new RangeError("lineno must be an int >= 0"),
      );
    }
    expect(() => warnings.simplefilter("loud" as never)).toThrow(new RangeError("invalid action: 'loud'"));
    expect(() => warnings.simplefilter(5 as never)).toThrow(new RangeError("invalid action: 5"));
    expect(() => warnings.simplefilter("error", Error as never)).toThrow(TypeError);
    expect(() => warnings.simplefilter("error", "x" as never)).toThrow(TypeError);
    expect(warnings.filters.length).toBe(4); // the defaults, untouched
  });

  it("a filter's line number matches that line only; its message the start of the text, in any case", () => {
    warnings.simplefilter("ignore", warnings.UserWarning, { lineno: 3 });
    warnings.filterwarnings("ignore", { message: "noisy" });
    expect(
      shown(() => {
        warnings.warnExplicit("a", warnings.UserWarning, "app.py", 3);
        warnings.warnExplicit("a", warnings.UserWarning, "app.py", 4);
        warnings.warnExplicit("NOISY one", warnings.UserWarning, "app.py", 5);
        warnings.warnExplicit("not noisy", warnings.UserWarning, "app.py", 6);
      }),
    ).toEqual(["app.py:4 UserWarning: a", "app.py:6 UserWarning: not noisy"]);
  });
});

describe("actions", () => {
  it("default: once per text and line of a file; always: every time", () => {
    expect(
      shown(() => {
        for (let i = 0; i < 2; i++) {
          warnings.warnExplicit("a", warnings.UserWarning, "app.py", 3);
          warnings.warnExplicit("a", warnings.UserWarning, "app.py", 4);
          warnings.warnExplicit("a", warnings.UserWarning, "lib.py", 3);
          warnings.warnExplicit("b", warnings.UserWarning, "app.py", 3);
          warnings.warnExplicit("a", warnings.RuntimeWarning, "app.py", 3);
        }
      }),
    ).toEqual([
      "app.py:3 UserWarning: a",
      "app.py:4 UserWarning: a",
      "lib.py:3 UserWarning: a",
      "app.py:3 UserWarning: b",
      "app.py:3 RuntimeWarning: a",
    ]);
    warnings.simplefilter("always");
    expect(
      shown(() => {
        warnings.warnExplicit("a", warnings.UserWarning, "app.py", 3);
        warnings.warnExplicit("a", warnings.UserWarning, "app.py", 3);
      }),
    ).toEqual(["app.py:3 UserWarning: a", "app.py:3 UserWarning: a"]);
  });

  it("module: once per text in a file, whatever the line; once: once per text and category anywhere", () => {
    warnings.simplefilter("module");
    expect(
      shown(() => {
        warnings.warnExplicit("a", warnings.UserWarning, "app.py", 3);
        warnings.warnExplicit("a", warnings.UserWarning, "app.py", 4);
        warnings.warnExplicit("a", warnings.UserWarning, "lib.py", 4);
        warnings.warnExplicit("a", warnings.RuntimeWarning, "lib.py", 4);
      }),
    ).toEqual(["app.py:3 UserWarning: a", "lib.py:4 UserWarning: a", "lib.py:4 RuntimeWarning: a"]);
    warnings.resetWarningsState();
    warnings.simplefilter("once");
    expect(
      shown(() => {
        warnings.warnExplicit("a", warnings.UserWarning, "app.py", 3);
        warnings.warnExplicit("a", warnings.UserWarning, "lib.py", 4);
        warnings.warnExplicit("b", warnings.UserWarning, "lib.py", 4);
        warnings.warnExplicit("a", warnings.RuntimeWarning, "lib.py", 5);
      }),
    ).toEqual(["app.py:3 UserWarning: a", "lib.py:4 UserWarning: b", "lib.py:5 RuntimeWarning: a"]);
  });

  it("error: the warning is thrown, the instance given or a new one of the category", () => {
    warnings.simplefilter("error");
    const given = new warnings.DeprecationWarning("old");
    expect(() => warnings.warn(given)).toThrow(given);
    let thrown: unknown;
    try {
      warnings.warnExplicit("bad", warnings.RuntimeWarning, "app.py", 1);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(warnings.RuntimeWarning);
    expect((thrown as Error).message).toBe("bad");
  });

  it("after resetwarnings, a warning already shown under the old filters shows again (Python's _filters_mutated)", () => {
    expect(
      shown(() => {
        warnings.warnExplicit("x", warnings.UserWarning, "app.py", 3);
        warnings.warnExplicit("x", warnings.UserWarning, "app.py", 3);
        warnings.resetwarnings();
        warnings.warnExplicit("x", warnings.UserWarning, "app.py", 3);
      }),
    ).toEqual(["app.py:3 UserWarning: x", "app.py:3 UserWarning: x"]);
  });
});

describe("catchWarnings", () => {
  it("puts the filters and showwarning back once, even restored twice; with action, a filter for the block", () => {
    const before = table();
    const saved = warnings.showwarning;
    const w = warnings.catchWarnings({ action: "error", category: warnings.UserWarning });
    expect(table()[0]).toBe("error UserWarning");
    warnings.setShowwarning(() => {});
    w.restore();
    expect(table()).toEqual(before);
    expect(warnings.showwarning).toBe(saved);
    warnings.resetwarnings();
    w.restore(); // a second restore changes nothing
    expect(table()).toEqual([]);
    const plain = warnings.catchWarnings({ action: "always" });
    expect(table()[0]).toBe("always Warning");
    plain.restore();
  });

  it("nested records: the innermost collects; once it ends the outer one does again", () => {
    warnings.simplefilter("always");
    using outer = warnings.catchWarnings({ record: true });
    warnings.warnExplicit("one", warnings.UserWarning, "app.py", 1);
    {
      using inner = warnings.catchWarnings({ record: true });
      warnings.warnExplicit("two", warnings.UserWarning, "app.py", 2);
      expect(inner.log.map((m) => m.lineno)).toEqual([2]);
    }
    warnings.warnExplicit("three", warnings.UserWarning, "app.py", 3);
    expect(outer.log.map((m) => m.lineno)).toEqual([1, 3]);
  });
});
