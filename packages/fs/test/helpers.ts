/**
 * Test helpers: scratch directories removed after each file's tests, and running a coroutine
 * function on a fresh loop.
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Coro, run } from "@aio/task";
import { afterAll } from "vitest";

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A new empty directory, removed after this test file. */
export function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), "aio-fs-test-"));
  made.push(dir);
  return dir;
}

/** Runs `body` as the main coroutine of a new loop (real clock unless told). */
export function inLoop<T>(body: () => Coro<T>, options: { clock?: "virtual" } = {}): Promise<T> {
  return run(
    (function* () {
      return yield* body();
    })(),
    options,
  );
}

/** How many descriptors this process has open (Linux). */
export function openDescriptors(): number {
  return readdirSync("/proc/self/fd").length;
}

/** Buffer sizes that put every chunk boundary inside multi-byte characters and line endings. */
export const TINY_BUFFERS = [1, 2, 3, 4, 5, 6, 7];

/** The error a coroutine raised (or fails the test if it returned). */
export function* catching(coro: { [Symbol.iterator](): Coro<unknown> }): Coro<unknown> {
  try {
    yield* coro;
  } catch (err) {
    return err;
  }
  throw new Error("expected an error");
}
