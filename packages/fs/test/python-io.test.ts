/**
 * What CPython's io does (3.12, and aiofiles over it), checked against CPython itself for the same
 * files: the answers below are Python's.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { using } from "@aio/task";
import { describe, expect, it } from "vitest";
import { open } from "../src/index.js";
import { inLoop, scratch } from "./helpers.js";

describe("as CPython's io", () => {
  it("readlines(hint): lines until their total size exceeds hint, binary and text, any buffer", async () => {
    const path = join(scratch(), "lines.txt");
    writeFileSync(path, "\n\n\n\n\n\nab\ncd\n");
    for (const buffering of [2, 3, -1]) {
      const got = await inLoop(function* () {
        const bin = yield* using(open(path, "rb", { buffering }), (f) => f.readlines(3));
        const text = yield* using(open(path, "r", { buffering }), function* (f) {
          return [yield* f.readlines(3), yield* f.readlines(3), yield* f.readlines(3)];
        });
        const seven = yield* using(open(path, "r", { buffering }), (f) => f.readlines(7));
        return { bin: bin.map(String), text, seven };
      });
      // Python: [b'\n'] * 4; ['\n'] * 4, then ['\n', '\n', 'ab\n'], then ['cd\n']; 6 × '\n' and 'ab\n'.
      expect(got, `buffering ${buffering}`).toEqual({
        bin: ["\n", "\n", "\n", "\n"],
        text: [["\n", "\n", "\n", "\n"], ["\n", "\n", "ab\n"], ["cd\n"]],
        seven: ["\n", "\n", "\n", "\n", "\n", "\n", "ab\n"],
      });
    }
  });

  it("an empty write to an unbuffered file in append mode leaves the position where it was", async () => {
    const path = join(scratch(), "append.bin");
    writeFileSync(path, "0123456789");
    const got = await inLoop(() =>
      using(open(path, "ab+", { buffering: 0 }), function* (f) {
        yield* f.seek(3);
        const empty = yield* f.write(Buffer.alloc(0));
        const at = yield* f.tell();
        const read = String(yield* f.read(2));
        return { empty, at, read };
      }),
    );
    // Python: 0, 3, '34' (the kernel moves an O_APPEND descriptor to the end only to write something).
    expect(got).toEqual({ empty: 0, at: 3, read: "34" });
  });
});
