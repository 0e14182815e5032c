// Runs differential cases one after the other, each from a fresh runtime state, and tells which
// printed their recording: for other runtimes (./other-runtime.ts) and a browser page (./browser.ts).
import { resetRuntimeState } from "@aio/loop/testing";
import { collector, type Print } from "./harness.js";

/** One case: its name, its program, what CPython printed. */
export type RecordedCase = [name: string, run: (print: Print) => Promise<void>, recorded: string];

/** One case's outcome. */
export interface CaseResult {
  name: string;
  ok: boolean;
  /** The first differing line, when not ok. */
  detail: string;
}

/** Runs each case from a fresh runtime state; the first differing line of each that differs. */
export async function runCases(
  cases: RecordedCase[],
): Promise<{ name: string; ok: boolean; detail: string }[]> {
  const results: CaseResult[] = [];
  for (const [name, run, want] of cases) {
    resetRuntimeState();
    const { print, lines } = collector();
    let got: string;
    try {
      await run(print);
      got = lines.map((l) => `${l}\n`).join("");
    } catch (err) {
      got = `threw ${(err as Error)?.stack ?? String(err)}`;
    }
    const a = got.split("\n");
    const b = want.split("\n");
    const i = a.findIndex((l, k) => l !== b[k]);
    results.push({
      name,
      ok: got === want,
      detail: got === want ? "" : `line ${i + 1}: got ${JSON.stringify(a[i])}, want ${JSON.stringify(b[i])}`,
    });
  }
  return results;
}
