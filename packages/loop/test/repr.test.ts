import { describe, expect, it } from "vitest";
import { newEventLoop, objectAddress, repr, reprSymbol, str, typeName } from "../src/index.js";

describe("repr and str follow Python", () => {
  it("formats scalars, strings, containers and errors", () => {
    expect(repr(42)).toBe("42");
    expect(repr("str")).toBe("'str'");
    expect(repr("it's")).toBe(`"it's"`);
    expect(repr("a\nb")).toBe("'a\\nb'");
    expect(repr(null)).toBe("None");
    expect(repr(undefined)).toBe("None");
    expect(repr(true)).toBe("True");
    expect(repr([1, "b", [null]])).toBe("[1, 'b', [None]]");
    expect(repr({ a: 1 })).toBe("{'a': 1}");
    expect(repr(new Set())).toBe("set()");
    expect(repr(Number.NaN)).toBe("nan");
    const cyclic: unknown[] = [];
    cyclic.push(cyclic);
    expect(repr(cyclic)).toBe("[[...]]");
    class ValueError extends Error {
      override name = "ValueError";
    }
    expect(repr(new ValueError("x"))).toBe("ValueError('x')");
    expect(repr(new ValueError())).toBe("ValueError()");
    expect(str(new ValueError("x"))).toBe("x");
    expect(str(false)).toBe("False");
    expect(str([1, "a"])).toBe("[1, 'a']");
    const custom = { [reprSymbol]: () => "<Custom>" };
    expect(repr([custom])).toBe("[<Custom>]");
  });

  it("names types as Python's type(x).__name__ does", () => {
    function* gen() {}
    class Widget {}
    const loop = newEventLoop();
    expect(
      [
        undefined,
        null,
        1,
        1.5,
        10n,
        "s",
        true,
        [1],
        { a: 1 },
        new Map(),
        new Set(),
        () => 1,
        gen(),
        new Widget(),
        loop,
      ].map(typeName),
    ).toEqual([
      "NoneType",
      "NoneType",
      "int",
      "float",
      "int",
      "str",
      "bool",
      "list",
      "dict",
      "dict",
      "set",
      "function",
      "coroutine",
      "Widget",
      "EventLoop",
    ]);
    loop.close();
  });

  it("gives each object one address-like id, as Python's reprs show id() in hex", () => {
    const a = {};
    const b = {};
    expect(objectAddress(a)).toMatch(/^0x[0-9a-f]{12}$/);
    expect(objectAddress(a)).toBe(objectAddress(a));
    expect(objectAddress(b)).not.toBe(objectAddress(a));
  });
});
