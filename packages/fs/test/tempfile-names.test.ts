/**
 * tempfile's candidate names when they collide, with the random source fixed (as CPython's
 * test_tempfile does with `_mock_candidate_names("aaa", "aaa", "bbb")`): a name that exists is
 * skipped for the next one, and after Python's TMP_MAX (10,000) names taken, FileExistsError.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { type Coro, using } from "@aio/task";
import { afterEach, describe, expect, it, vi } from "vitest";
import { FileExistsError, tempfile } from "../src/index.js";
import { catching, inLoop, scratch } from "./helpers.js";

/** The random draws to give (each one character index), then `fixed` forever (null: really random). */
const draws = vi.hoisted(() => ({ queue: [] as number[], fixed: null as number | null, calls: 0 }));

vi.mock("node:crypto", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:crypto")>();
  const randomInt = ((...args: Parameters<typeof actual.randomInt>) => {
    draws.calls++;
    const next = draws.queue.shift() ?? draws.fixed;
    return next ?? (actual.randomInt as (...a: unknown[]) => number)(...args);
  }) as typeof actual.randomInt;
  return { ...actual, default: { ...actual, randomInt }, randomInt };
});

afterEach(() => {
  draws.queue = [];
  draws.fixed = null;
  draws.calls = 0;
});

/** The names "tmpaaaaaaaa" then "tmpbbbbbbbb" (indices 0 and 1 of the name characters). */
function aThenB(): void {
  draws.queue = [...Array(8).fill(0), ...Array(8).fill(1)];
}

describe("tempfile: colliding names", () => {
  it("a name that exists is skipped for the next one: named, unnamed, spooled (rolling over) and directories", async () => {
    const dir = scratch();
    writeFileSync(join(dir, "tmpaaaaaaaa"), "someone's");
    const seen = await inLoop(function* () {
      const seen: string[] = [];
      aThenB();
      yield* using(tempfile.NamedTemporaryFile({ dir }), function* (f) {
        seen.push(basename(String(f.name)));
      });
      for (const make of [
        () => tempfile.TemporaryFile({ dir }),
        () => tempfile.SpooledTemporaryFile({ dir, maxSize: 1 }),
      ]) {
        aThenB();
        draws.calls = 0;
        yield* using(make(), function* (f) {
          yield* f.write(Buffer.from("xy"));
          seen.push(`${draws.calls / 8} names, ${readdirSync(dir).join(" ")}`);
        });
      }
      aThenB();
      yield* using(tempfile.TemporaryDirectory({ dir }), function* (d) {
        seen.push(basename(d));
      });
      return seen;
    });
    expect(seen).toEqual(["tmpbbbbbbbb", "2 names, tmpaaaaaaaa", "2 names, tmpaaaaaaaa", "tmpbbbbbbbb"]);
    expect(readFileSync(join(dir, "tmpaaaaaaaa"), "utf8")).toBe("someone's");
  });

  /** Every candidate is "tmpaaaaaaaa", which exists: what `what` raises, and how many names it tried. */
  function* everyNameTaken(dir: string, what: { [Symbol.iterator](): Coro<unknown> }) {
    draws.fixed = 0;
    draws.calls = 0;
    const err = yield* catching(what);
    expect(err).toBeInstanceOf(FileExistsError);
    expect(readdirSync(dir)).toEqual(["tmpaaaaaaaa"]);
    expect(readFileSync(join(dir, "tmpaaaaaaaa"), "utf8")).toBe("someone's");
    return [String(err), draws.calls / 8];
  }

  const FILE = "FileExistsError: [Errno 17] No usable temporary file name found";
  const DIRECTORY = "FileExistsError: [Errno 17] No usable temporary directory name found";

  function taken(): string {
    const dir = scratch();
    writeFileSync(join(dir, "tmpaaaaaaaa"), "someone's");
    return dir;
  }

  it("every name taken: FileExistsError after TMP_MAX (10,000) names, as Python's (NamedTemporaryFile)", async () => {
    const dir = taken();
    const got = await inLoop(() => everyNameTaken(dir, tempfile.NamedTemporaryFile({ dir })));
    expect(got).toEqual([FILE, 10000]);
  }, 60_000);

  it("every name taken: the same for TemporaryFile", async () => {
    const dir = taken();
    const got = await inLoop(() => everyNameTaken(dir, tempfile.TemporaryFile({ dir })));
    expect(got).toEqual([FILE, 10000]);
  }, 60_000);

  it("every name taken: the same for TemporaryDirectory", async () => {
    const dir = taken();
    const got = await inLoop(() =>
      everyNameTaken(dir, {
        *[Symbol.iterator]() {
          yield* tempfile.TemporaryDirectory({ dir }).aenter();
        },
      }),
    );
    expect(got).toEqual([DIRECTORY, 10000]);
  }, 60_000);

  it("every name taken: the same for a spooled file's rollover(), which stays in memory", async () => {
    const dir = taken();
    const got = await inLoop(function* () {
      const f = yield* tempfile.SpooledTemporaryFile({ dir });
      yield* f.write(Buffer.from("in memory"));
      const got = yield* everyNameTaken(dir, f.rollover());
      expect(f.rolled).toBe(false);
      yield* f.seek(0);
      expect(String(yield* f.read())).toBe("in memory");
      yield* f.close();
      return got;
    });
    expect(got).toEqual([FILE, 10000]);
  }, 60_000);
});
