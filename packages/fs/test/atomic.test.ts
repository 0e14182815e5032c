import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createTask, isCancelledError, sleep } from "@aio/task";
import { describe, expect, it } from "vitest";
import { UnicodeEncodeError, writeAtomic } from "../src/index.js";
import { catching, inLoop, scratch } from "./helpers.js";

describe("writeAtomic", () => {
  it("replaces the contents and keeps the file's mode; text is encoded as asked", async () => {
    const dir = scratch();
    const path = join(dir, "config.json");
    writeFileSync(path, "old", { mode: 0o640 });
    await inLoop(function* () {
      expect(yield* writeAtomic(path, '{"a": "é"}')).toBe(11);
      expect(readFileSync(path, "utf8")).toBe('{"a": "é"}');
      expect(statSync(path).mode & 0o777).toBe(0o640);
      yield* writeAtomic(path, "é", { encoding: "latin-1" });
      expect(readFileSync(path)).toEqual(Buffer.from([0xe9]));
      yield* writeAtomic(join(dir, "new.bin"), new Uint8Array([1, 2, 3]), { mode: 0o600 });
      expect(statSync(join(dir, "new.bin")).mode & 0o777).toBe(0o600);
    });
    expect(readdirSync(dir).sort()).toEqual(["config.json", "new.bin"]);
  });

  it("a reader never sees a half-written file", async () => {
    const dir = scratch();
    const path = join(dir, "data.txt");
    const versions = ["A", "B", "C", "D"].map((c) => c.repeat(2_000_000));
    writeFileSync(path, versions[0] as string);
    const seen = new Set<string>();
    await inLoop(function* () {
      let writing = true;
      const reader = createTask(
        (function* () {
          while (writing) {
            const text = readFileSync(path, "latin1");
            seen.add(`${text[0]}${text.length}${text.at(-1)}`);
            yield* sleep(0);
          }
        })(),
      );
      for (let i = 0; i < 12; i++) yield* writeAtomic(path, versions[i % 4] as string, { fsync: false });
      writing = false;
      yield* reader;
    });
    for (const s of seen) expect(["A2000000A", "B2000000B", "C2000000C", "D2000000D"]).toContain(s);
  });

  it("an encoding error or a cancellation leaves the old file and no temporary file", async () => {
    const dir = scratch();
    const path = join(dir, "keep.txt");
    writeFileSync(path, "old");
    await inLoop(function* () {
      const err = yield* catching(writeAtomic(path, "한", { encoding: "ascii" }));
      expect(err).toBeInstanceOf(UnicodeEncodeError);
      for (let k = 0; k < 4; k++) {
        const t = createTask(writeAtomic(path, "x".repeat(8_000_000)));
        for (let i = 0; i < k; i++) yield* sleep(0);
        t.cancel();
        try {
          yield* t;
          expect(readFileSync(path, "utf8").length).toBe(8_000_000); // it finished first: all of it
          writeFileSync(path, "old");
        } catch (e) {
          if (!isCancelledError(e)) throw e;
        }
        expect(readFileSync(path, "utf8")).toBe("old");
      }
    });
    // Cancelled writes remove their temporary file once their I/O lands.
    for (let i = 0; i < 100 && readdirSync(dir).length > 1; i++) await new Promise((r) => setTimeout(r, 20));
    expect(readdirSync(dir)).toEqual(["keep.txt"]);
  });
});
