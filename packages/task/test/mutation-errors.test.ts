/**
 * ExceptionGroup as Python's (found by Stryker, see MUTATION.md): the count in the message, the
 * checks on its arguments, `args`, and what `split`/`subgroup` accept as a condition.
 */
import { describe, expect, it } from "vitest";
import { ExceptionGroup } from "../src/index.js";

class MyError extends Error {}

describe("ExceptionGroup", () => {
  it("counts its errors in the message, singular for one", () => {
    const one = new ExceptionGroup("m", [new Error("a")]);
    expect(one.message).toBe("m (1 sub-exception)");
    expect(one.groupMessage).toBe("m");
    expect(one.name).toBe("ExceptionGroup");
    expect(new ExceptionGroup("m", [1, 2, 3]).message).toBe("m (3 sub-exceptions)");
  });

  it("keeps a copy of the errors, and its args are Python's (message, [errors])", () => {
    const list = [new Error("a"), new Error("b")];
    const eg = new ExceptionGroup("m", list);
    list.pop();
    expect(eg.exceptions).toHaveLength(2);
    expect(eg.errors).toHaveLength(2);
    expect(eg.args).toEqual(["m", [eg.exceptions[0], eg.exceptions[1]]]);
    // args is a fresh list each time: changing it leaves the group alone.
    (eg.args[1] as unknown[]).pop();
    expect(eg.args[1]).toHaveLength(2);
  });

  it("refuses errors given as something other than an array", () => {
    expect(() => new ExceptionGroup("m", "ab" as never)).toThrow(
      new RangeError("second argument (exceptions) must be a non-empty sequence"),
    );
    expect(() => new ExceptionGroup("m", { length: 1, 0: new Error() } as never)).toThrow(RangeError);
  });

  it("splits by the Error class itself (everything that is an Error), by a subclass, or by a list", () => {
    const errs = [new MyError("mine"), new TypeError("type"), "not an error"];
    const eg = new ExceptionGroup("m", errs);
    const [errors, others] = eg.split(Error);
    expect(errors?.exceptions).toEqual([errs[0], errs[1]]);
    expect(others?.exceptions).toEqual(["not an error"]);
    const [mine, rest] = eg.split(MyError);
    expect(mine?.exceptions).toEqual([errs[0]]);
    expect(rest?.exceptions).toEqual([errs[1], "not an error"]);
    expect(eg.subgroup([MyError])?.exceptions).toEqual([errs[0]]);
    expect(eg.subgroup([])).toBeNull();
    // A predicate is called with each error.
    expect(eg.subgroup((e) => typeof e === "string")?.exceptions).toEqual(["not an error"]);
    // Everything matches: no rest.
    expect(eg.split(() => true)[1]).toBeNull();
  });

  it("refuses a condition that is neither a class, a list of classes nor a function", () => {
    const eg = new ExceptionGroup("m", [new Error("a")]);
    for (const bad of [42, "Error", null]) {
      expect(() => eg.split(bad as never)).toThrow(
        /^expected an error class, a list of classes or a predicate, got /,
      );
    }
    expect(() => eg.subgroup(42 as never)).toThrow(
      new TypeError("expected an error class, a list of classes or a predicate, got 42"),
    );
  });
});
