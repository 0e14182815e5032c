/**
 * The file lock (src/internal/file-lock.ts) where the mutation run of session 7 found it untested:
 * a task cancelled while it waits for the file, or just as the file is handed to it, and closing
 * from Promise code (`await using`) while a coroutine's operation is in flight.
 */
import { statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type Coro, createTask, fromPromise, isCancelledError, sleep, type Task, waitFor } from "@aio/task";
import { describe, expect, it } from "vitest";
import { open } from "../src/index.js";
import { catching, inLoop, scratch } from "./helpers.js";

function sample(): string {
  const path = join(scratch(), "abc.bin");
  writeFileSync(path, "0123456789abcdefghij");
  return path;
}

/** What a task ended with: its result as text, "cancelled", or the error's text. */
function* outcome(task: Task<unknown>): Coro<string> {
  try {
    return String(yield* waitFor(task, 5));
  } catch (err) {
    return isCancelledError(err) ? "cancelled" : String(err);
  }
}

describe("file lock: cancelled waiters, Promise-code closing", () => {
  it("a task cancelled while it waits for the file leaves the queue: the others run in order, the position counts only them", async () => {
    const got = await inLoop(function* () {
      const f = yield* open(sample(), "rb", { buffering: 0 });
      const a = createTask(f.read(4));
      yield* sleep(0); // a holds the file, its read in flight
      const b = createTask(f.read(4));
      const c = createTask(f.read(4));
      const d = createTask(f.seek(0));
      yield* sleep(0); // b, c and d wait for it
      b.cancel();
      const got = [yield* outcome(a), yield* outcome(b), yield* outcome(c), String(yield* waitFor(d, 5))];
      got.push(String(yield* f.read(4)));
      yield* f.close();
      return got;
    });
    // c's read and d's seek one after the other: the seek is the last move.
    expect(got).toEqual(["0123", "cancelled", "4567", "0", "0123"]);
  });

  it("a task cancelled just as the file is handed to it passes it on", async () => {
    const got = await inLoop(function* () {
      const f = yield* open(sample(), "rb", { buffering: 0 });
      const later: { b: Task<Buffer> | null } = { b: null };
      const a = createTask(
        (function* () {
          const data = yield* f.read(4); // its end hands the file to b…
          later.b?.cancel(); // …which is cancelled before it runs
          return data;
        })(),
      );
      yield* sleep(0);
      const b = createTask(f.read(4));
      later.b = b;
      const c = createTask(f.read(4));
      yield* sleep(0);
      const got = [yield* outcome(a), yield* outcome(b), yield* outcome(c)];
      yield* f.close();
      return got;
    });
    expect(got).toEqual(["0123", "cancelled", "4567"]);
  });

  it("closing from Promise code waits for a long write in flight to land whole", async () => {
    const path = join(scratch(), "long.bin");
    const size = 8 * 1024 * 1024;
    const got = await inLoop(function* () {
      const f = yield* open(path, "wb");
      const a = createTask(f.write(Buffer.alloc(size, 1)));
      yield* sleep(0); // a's first chunk in flight
      yield* waitFor(fromPromise(f[Symbol.asyncDispose]()), 10);
      return [yield* outcome(a), statSync(path).size];
    });
    expect(got).toEqual([String(size), size]);
  });

  it("closing from Promise code waits for the operation in flight; one called meanwhile finds the file closed", async () => {
    const got = await inLoop(function* () {
      const f = yield* open(sample(), "rb", { buffering: 0 });
      const a = createTask(f.read(4));
      yield* sleep(0); // a's read in flight
      const closing = f[Symbol.asyncDispose]();
      const u = createTask(f.read(4));
      yield* waitFor(fromPromise(closing), 5);
      const got = [yield* outcome(a), yield* outcome(u), String(f.closed)];
      const late = yield* catching(f.read(1));
      got.push(String(late));
      return got;
    });
    expect(got).toEqual([
      "0123",
      "RangeError: read of closed file",
      "true",
      "RangeError: read of closed file",
    ]);
  });
});
