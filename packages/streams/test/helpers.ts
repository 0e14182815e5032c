/**
 * Test helpers: running a coroutine function on a fresh loop, scratch directories, and a
 * self-signed certificate for TLS tests (made by openssl, once per test file).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Coro, run } from "@aio/task";
import { afterAll } from "vitest";
import { selfSignedIn } from "./certificate.js";

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A new empty directory, removed after this test file. */
export function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), "aio-streams-test-"));
  made.push(dir);
  return dir;
}

/** Runs `body` as the main coroutine of a new loop. */
export function inLoop<T>(body: () => Coro<T>): Promise<T> {
  return run(
    (function* () {
      return yield* body();
    })(),
  );
}

/** A self-signed certificate for `localhost` and 127.0.0.1, made with openssl (in a scratch directory). */
export function selfSigned(): { key: string; cert: string } {
  return selfSignedIn(scratch());
}
