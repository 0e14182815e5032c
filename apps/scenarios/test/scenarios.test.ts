/**
 * Every scenario on the virtual clock, compared with its expected output; a few on the real clock to
 * prove real concurrency; and the comparator itself, which must catch what is wrong.
 */
import { describe, expect, it } from "vitest";
import { catalog } from "../src/catalog.js";
import { compare } from "../src/compare.js";
import type { Line } from "../src/io.js";
import { runScenario } from "../src/runner.js";
import { clock, defineScenario, elapsed, out, setOf, t } from "../src/scenario.js";

describe("the catalogue", () => {
  it("has every scenario of SCENARIOS.md, once, in document order", () => {
    expect(catalog).toHaveLength(52);
    const ids = catalog.map((s) => s.id);
    expect(new Set(ids).size).toBe(52);
    expect([...ids].sort()).toEqual(ids);
  });

  it("runs every scenario that is not waiting for a package, and names what the others wait for", () => {
    for (const s of catalog) {
      if (s.waitingFor?.length) expect(s.main, s.id).toBeUndefined();
      else expect(typeof s.main, s.id).toBe("function");
    }
    expect(catalog.filter((s) => !s.waitingFor?.length)).toHaveLength(44);
  });
});

describe("every scenario on the virtual clock", () => {
  // The waiting ones have no program yet (checked above); they are not tests to skip.
  for (const scenario of catalog.filter((s) => !s.waitingFor?.length)) {
    it(scenario.id, async () => {
      const result = await runScenario(scenario, { virtual: true });
      expect(result.problems).toEqual([]);
      expect(result.status).toBe("passed");
    });
  }

  it("S002-23 prints the third monitor block on the virtual clock (equal deadlines fire in scheduling order)", async () => {
    const s = catalog.find((x) => x.id === "S002-23-current-task-all-tasks");
    const result = await runScenario(s as never, { virtual: true });
    const [current, all] = result.lines.map((l) => l.text).slice(-2);
    expect(current).toBe("Current task: Monitor");
    expect([...(all as string).matchAll(/'([^']*)'/g)].map((m) => m[1]).sort()).toEqual([
      "Monitor",
      "Task-1",
    ]);
  });
});

describe("real concurrency on the real clock", () => {
  const real = ["S001-04-gather-five-tasks", "S004-01-hi-bye"];
  for (const id of real) {
    it(id, async () => {
      const s = catalog.find((x) => x.id === id);
      const result = await runScenario(s as never, { virtual: false });
      expect(result.problems).toEqual([]);
    });
  }

  it("seed 002's gather of 2 s + 3 s + 1 s takes ≈3 s, not 6 s", async () => {
    const s = catalog.find((x) => x.id === "S002-02-async-gather-tasks");
    const result = await runScenario(s as never, { virtual: false });
    expect(result.problems).toEqual([]);
    expect(result.wallSeconds).toBeGreaterThanOrEqual(2.95);
    expect(result.wallSeconds).toBeLessThan(4);
  });
});

describe("the comparator catches differences", () => {
  const scenario = defineScenario({
    id: "X",
    seed: "x",
    section: "x",
    title: "x",
    kind: "claim",
    shows: "x",
    expected: [
      out(0, t`${clock()} start`),
      out(2, t`${clock()} end`),
      out(2, t`took ${elapsed(2)} s`),
      out(2, t`tasks ${setOf("a", "b")}`),
    ],
    seconds: 2,
  });
  const lines = (texts: [number, string][]): Line[] =>
    texts.map(([at, text]) => ({ stream: "out", at, text }));

  it("accepts the right output, sets in any order", () => {
    const ok = compare(
      scenario,
      lines([
        [0, "10:00:00 start"],
        [2, "10:00:02 end"],
        [2, "took 2.00 s"],
        [2, "tasks ['b', 'a']"],
      ]),
      0,
      2,
      true,
    );
    expect(ok.problems).toEqual([]);
  });

  it("rejects wrong text, a wrong time, a wrong float, a missing line and a wrong exit status", () => {
    const bad = compare(
      scenario,
      lines([
        [0, "10:00:00 begin"],
        [1, "10:00:05 end"],
        [2, "took 4.00 s"],
      ]),
      1,
      2,
      true,
    );
    expect(bad.problems).toEqual([
      'out line 1: expected "<clock> start", got "10:00:00 begin"',
      'out line 2: "10:00:05 end" printed at +1.000 s, expected +2 s',
      'out line 3: printed 4.00, expected about 2 in "took 4.00 s"',
      'out line 4: missing, expected "tasks <set>"',
      "exit status 1, expected 0",
    ]);
  });

  it("rejects a wrong set and a wrong wall-clock gap", () => {
    const gap = compare(
      scenario,
      lines([
        [0, "10:00:00 start"],
        [2, "10:00:05 end"],
        [2, "took 2.00 s"],
        [2, "tasks ['a', 'c']"],
      ]),
      0,
      2,
      true,
    );
    expect(gap.problems).toEqual([
      "out line 4: expected the set {a, b} in any order, got ['a', 'c']",
      "line 2: wall-clock time is +5 s after the first one, expected +2 s",
    ]);
  });
});
