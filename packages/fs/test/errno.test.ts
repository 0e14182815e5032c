import { execFileSync } from "node:child_process";
import { constants } from "node:os";
import { describe, expect, it } from "vitest";
import { STRERROR, STRERROR_OF_CODE, strerrorTable } from "../src/errno.js";
import { OSError } from "../src/index.js";

describe("errno texts, keyed by code", () => {
  it("every errno number of this system reads as CPython's os.strerror", () => {
    const numbers = [...new Set(Object.values(constants.errno as Record<string, number>))].sort(
      (a, b) => a - b,
    );
    const python = JSON.parse(
      execFileSync(
        "python3",
        [
          "-c",
          "import json, os, sys; print(json.dumps([os.strerror(int(n)) for n in sys.argv[1:]]))",
          ...numbers.map(String),
        ],
        { encoding: "utf8" },
      ),
    ) as string[];
    expect(numbers.map((n) => STRERROR.get(n))).toEqual(python);
    expect(new OSError(constants.errno.ENOTEMPTY, undefined, "d").message).toBe(
      `[Errno ${constants.errno.ENOTEMPTY}] Directory not empty: 'd'`,
    );
  });

  it("a system with other numbers (macOS) gets the right text for each of its numbers", () => {
    // Darwin's <sys/errno.h>: where Linux has 39, 111, 11, 40, 36, 95, macOS has 66, 61, 35, 62, 63, 45.
    const darwin = {
      EPERM: 1,
      ENOENT: 2,
      EAGAIN: 35,
      EWOULDBLOCK: 35,
      ENOTSUP: 45,
      ECONNREFUSED: 61,
      ELOOP: 62,
      ENAMETOOLONG: 63,
      ENOTEMPTY: 66,
    };
    const table = strerrorTable(darwin);
    expect(Object.fromEntries(table)).toEqual({
      1: "Operation not permitted",
      2: "No such file or directory",
      35: "Resource temporarily unavailable",
      45: "Operation not supported",
      61: "Connection refused",
      62: "Too many levels of symbolic links",
      63: "File name too long",
      66: "Directory not empty",
    });
    // Linux's 66 is another error altogether: a table by number would have said this.
    expect(STRERROR_OF_CODE.EREMOTE).toBe("Object is remote");
  });

  it("a code without a text adds nothing, and never hides the text of another code with its number", () => {
    // A newer system may have codes this table has no text for: their numbers read as CPython's
    // "Unknown error N" unless another code of the same number has a text, first or last.
    const table = strerrorTable({ EUNKNOWN: 2, ENOENT: 2, ENEWER: 300, EPERM: 1, ELATER: 1 });
    expect([...table]).toEqual([
      [2, "No such file or directory"],
      [1, "Operation not permitted"],
    ]);
  });

  it("the errors the library raises itself use this system's numbers", async () => {
    const { sendfile } = await import("../src/os.js");
    expect(() => sendfile(-1, 0, 0, 1).next()).toThrow(
      `[Errno ${constants.errno.EBADF}] Bad file descriptor`,
    );
  });
});
