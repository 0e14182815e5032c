/**
 * Python's OSError family as its users see it: class names (what a traceback prints), `args`,
 * `errno`/`strerror`/`code`, the cause, and paths given as URLs.
 */
import { constants } from "node:os";
import { describe, expect, it } from "vitest";
import {
  BlockingIOError,
  ChildProcessError,
  FileExistsError,
  FileNotFoundError,
  InterruptedError,
  IsADirectoryError,
  NotADirectoryError,
  OSError,
  PermissionError,
  ProcessLookupError,
} from "../src/index.js";

describe("OSError and its subclasses", () => {
  it("each class's name is Python's (a traceback's last line starts with it)", () => {
    const classes = [
      OSError,
      FileNotFoundError,
      FileExistsError,
      IsADirectoryError,
      NotADirectoryError,
      PermissionError,
      BlockingIOError,
      InterruptedError,
      ProcessLookupError,
      ChildProcessError,
    ];
    for (const C of classes) expect(new C(1, "x").name).toBe(C.name);
    expect(OSError.fromErrno(constants.errno.ENOENT, "a").name).toBe("FileNotFoundError");
  });

  it("args, errno, strerror and code as Python's (and Node's); Unknown error N for an errno without a text", () => {
    const e = new OSError(constants.errno.ENOENT, undefined, "a");
    expect(e.args).toEqual([constants.errno.ENOENT, "No such file or directory"]);
    expect(e.code).toBe("ENOENT");
    expect(new OSError("just a message").args).toEqual(["just a message"]);
    expect(new OSError("just a message").code).toBe(undefined);
    const unknown = new OSError(9999);
    expect(unknown.message).toBe("[Errno 9999] Unknown error 9999");
    expect(unknown.strerror).toBe("Unknown error 9999");
    expect(new OSError(2, "x", undefined, undefined, { code: "EMINE" }).code).toBe("EMINE");
  });

  it("the cause is kept (fromErrno passes it), none when not given", () => {
    const cause = new Error("from Node");
    expect(new OSError(2, undefined, "a", undefined, { cause }).cause).toBe(cause);
    expect(OSError.fromErrno(2, "a", undefined, cause).cause).toBe(cause);
    expect("cause" in new OSError(2, undefined, "a")).toBe(false);
  });

  it("a file URL is named by its path, another URL by itself", () => {
    expect(new OSError(2, undefined, new URL("file:///tmp/a%20b.txt")).message).toBe(
      "[Errno 2] No such file or directory: '/tmp/a b.txt'",
    );
    expect(new OSError(2, undefined, new URL("https://example.com/x")).message).toBe(
      "[Errno 2] No such file or directory: 'https://example.com/x'",
    );
  });
});
