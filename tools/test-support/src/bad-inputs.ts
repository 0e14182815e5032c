/**
 * Table-driven tests of bad input: each row is a call a user could make wrongly, and the error it
 * must raise at once (or reject with), by class and message.
 * @example
 * badInputs("the event loop", [
 *   { call: "callLater('1', f)", act: () => loop.callLater("1" as never, f), error: TypeError,
 *     message: "delay must be a number of seconds, got '1'" },
 * ]);
 */
import { describe, expect, it } from "vitest";

/** One bad call and the error it must raise. */
export interface BadInput {
  /** The call as a user would write it (the test's name). */
  call: string;
  /** Makes the call; may return a Promise (or a PromiseLike), which must reject. */
  act: () => unknown;
  /** The class the error must be an instance of. */
  error: abstract new (
    ...args: never[]
  ) => unknown;
  /** The message, exactly, or a pattern. */
  message: string | RegExp;
}

/** What `act` raised or rejected with, or a marker that it did neither. */
async function outcome(act: () => unknown): Promise<{ raised: boolean; error?: unknown }> {
  try {
    const r = act();
    if (
      r !== null &&
      (typeof r === "object" || typeof r === "function") &&
      typeof (r as PromiseLike<unknown>).then === "function"
    ) {
      await r;
    }
    return { raised: false };
  } catch (error) {
    return { raised: true, error };
  }
}

/** Registers one test per row: the call raises (or rejects with) the error the row names. */
export function badInputs(title: string, rows: BadInput[]): void {
  describe(`bad input: ${title}`, () => {
    for (const row of rows) {
      const text = typeof row.message === "string" ? row.message : row.message.source;
      it(`${row.call} → ${row.error.name}: ${text}`, { timeout: 5000 }, async () => {
        const got = await outcome(row.act);
        expect(got.raised, `${row.call} did not raise`).toBe(true);
        expect(got.error).toBeInstanceOf(row.error);
        const message = (got.error as Error).message;
        if (typeof row.message === "string") expect(message).toBe(row.message);
        else expect(message).toMatch(row.message);
      });
    }
  });
}
