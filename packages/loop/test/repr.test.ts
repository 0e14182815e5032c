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

  it("escapes strings and bytes as Python's repr does, choosing the quote the same way", () => {
    expect(repr("a\\b\r\t\x00\x7f\u200b\u{1F600} \u00e9\u2028")).toBe(
      "'a\\\\b\\r\\t\\x00\\x7f\\u200b\u{1F600} \u00e9\\u2028'",
    );
    expect(repr("\u{E0001}")).toBe("'\\U000e0001'");
    expect(repr("\u0378\ue000")).toBe("'\\u0378\\ue000'");
    expect(repr(`'"`)).toBe(`'\\'"'`);
    expect(repr('"')).toBe(`'"'`);
    expect(repr("'")).toBe(`"'"`);
    expect(repr("")).toBe("''");
    expect(repr(new Uint8Array([0x61, 0x62, 0xff, 0x5c, 0x0a, 0x0d, 0x09, 0x27]))).toBe(
      `b"ab\\xff\\\\\\n\\r\\t'"`,
    );
    expect(repr(new Uint8Array([0x27]))).toBe(`b"'"`);
    expect(repr(new Uint8Array([0x27, 0x22]))).toBe(`b'\\'"'`);
    expect(repr(new Uint8Array([0x1f, 0x7e, 0x7f, 0x20]))).toBe("b'\\x1f~\\x7f '");
    expect(repr(new Uint8Array([0x01, 0x00]))).toBe("b'\\x01\\x00'");
    expect(repr(Buffer.from("hi"))).toBe("b'hi'");
  });

  it("formats numbers, symbols, functions, maps, sets and objects", () => {
    expect(repr(Number.POSITIVE_INFINITY)).toBe("inf");
    expect(repr(Number.NEGATIVE_INFINITY)).toBe("-inf");
    expect(repr(-1.5)).toBe("-1.5");
    expect(repr(10n)).toBe("10");
    expect(repr(false)).toBe("False");
    expect(repr(Symbol("s"))).toBe("Symbol(s)");
    expect(repr(function named() {})).toBe("<function named>");
    expect(repr(Object.defineProperty(() => {}, "name", { value: "" }))).toBe("<function <anonymous>>");
    expect(
      repr(
        new Map<unknown, unknown>([
          [1, "a"],
          ["k", [2]],
        ]),
      ),
    ).toBe("{1: 'a', 'k': [2]}");
    expect(repr(new Set([1, "b"]))).toBe("{1, 'b'}");
    const bare = Object.create(null);
    bare.x = 1;
    expect(repr(bare)).toBe("{'x': 1}");
    expect(repr({ "it's": null })).toBe(`{"it's": None}`);
    class Widget {}
    expect(repr(new Widget())).toBe("<Widget object>");
    class Named {
      toString() {
        return "<Named thing>";
      }
    }
    expect(repr(new Named())).toBe("<Named thing>");
    expect(repr(Promise.resolve())).toBe("<Promise object>");
    // Only a whole "[object Tag]" is a built-in tag; other text is the object's own str.
    expect(repr({ __proto__: { toString: () => "see [object Foo]" } })).toBe("see [object Foo]");
    class Tagged {
      toString() {
        return "[object Foo] and more";
      }
    }
    expect(repr(new Tagged())).toBe("[object Foo] and more");
    expect(
      repr(
        new (class Broken {
          toString(): string {
            throw new Error("no");
          }
        })(),
      ),
    ).toBe("<Broken object>");
    const noCtor = Object.create(Object.create(null));
    expect(repr(noCtor)).toBe("<object object>");
    // Python's `OSError(2, 'x')`: errors that carry their arguments show them all.
    const withArgs = Object.assign(new Error("x"), { name: "OSError", args: [2, "x"] });
    expect(repr(withArgs)).toBe("OSError(2, 'x')");
    expect(repr(new TypeError("it's"))).toBe(`TypeError("it's")`);
    const selfMap = new Map<string, unknown>();
    selfMap.set("me", selfMap);
    expect(repr(selfMap)).toBe("{'me': {...}}");
    const shared = [1];
    expect(repr([shared, shared])).toBe("[[1], [1]]");
  });

  it("never throws, whatever the value", () => {
    const hostile = {
      get [Symbol.for("aio.repr")]() {
        throw new Error("no");
      },
    };
    expect(repr(hostile)).toBe("<unprintable object>");
    expect(repr([hostile])).toBe("[<unprintable object>]");
  });

  it("str() is the message of an error and Python's str of scalars", () => {
    expect(str("plain")).toBe("plain");
    expect(str(undefined)).toBe("None");
    expect(str(null)).toBe("None");
    expect(str(true)).toBe("True");
    expect(str(Number.POSITIVE_INFINITY)).toBe("inf");
    expect(str(3)).toBe("3");
    expect(str({ a: "b" })).toBe("{'a': 'b'}");
  });

  it("names the types of other values as Python would", () => {
    const generatorLike = { next() {}, throw() {}, return() {}, [Symbol.iterator]() {} };
    expect(typeName(generatorLike)).toBe("coroutine");
    expect(typeName({ next() {}, throw() {}, return() {} })).toBe("dict");
    // An iterable that lacks any of next, throw and return is no coroutine.
    for (const missing of ["next", "throw", "return"]) {
      const partial: Record<PropertyKey, unknown> = {
        ...generatorLike,
        [Symbol.iterator]: generatorLike[Symbol.iterator],
      };
      delete partial[missing];
      expect(typeName(partial), missing).toBe("dict");
    }
    class Bag {
      [Symbol.iterator]() {
        return [][Symbol.iterator]();
      }
    }
    expect(typeName(new Bag())).toBe("Bag");
    expect(typeName({ [Symbol.for("aio.coroutine")]: true })).toBe("coroutine");
    expect(typeName(Object.create(null))).toBe("dict");
    expect(typeName(Symbol("s"))).toBe("symbol");
    expect(typeName(Object.create(Object.create(null)))).toBe("object");
  });
});
