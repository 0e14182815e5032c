/**
 * The catalogue against its record (`src/catalog.json`: the same entries, and expected output that
 * reads what CPython printed, every difference declared), every scenario on the virtual clock, a few
 * on the real clock to prove real concurrency, and the comparator itself, which must catch what is
 * wrong.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gather, run } from "@aio/task";
import { describe, expect, it } from "vitest";
import { catalog } from "../src/catalog.js";
import { compare } from "../src/compare.js";
import { documentProblems, loadCatalogData, parseCatalogData } from "../src/document.js";
import { fixturePage, PAGE_LENGTHS } from "../src/fixture-pages.js";
import type { Line } from "../src/io.js";
import { runScenario } from "../src/runner.js";
import { clock, defineScenario, elapsed, out, type Scenario, setOf, t } from "../src/scenario.js";
import { saveDownloaded } from "../src/scenarios/s002-16-aiohttp-aiofiles-save.js";

const recorded = loadCatalogData();
const runnable = catalog.filter((s) => !s.waiting);
const byId = (id: string): Scenario => catalog.find((x) => x.id === id) as Scenario;

describe("the catalogue is its record's", () => {
  it("has every entry of catalog.json, once, in order, with its kind and source post", () => {
    expect(catalog.map((s) => s.id)).toEqual(recorded.map((e) => e.id));
    expect(catalog.map((s) => s.kind)).toEqual(recorded.map((e) => e.kind));
    expect(catalog.map((s) => s.seed)).toEqual(recorded.map((e) => e.seed));
  });

  it("runs every scenario that is not waiting; a waiting one has no program, only its reason", () => {
    for (const s of catalog) {
      if (s.waiting) {
        expect(s.main, s.id).toBeUndefined();
        expect(s.waiting.reason.length, s.id).toBeGreaterThan(20);
      } else expect(typeof s.main, s.id).toBe("function");
    }
  });

  // What each scenario must print is what the record says CPython printed: a line may differ only
  // where it declares Python's text and why (checked here against the record).
  for (const s of catalog) {
    it(`${s.id} expects what CPython printed, or declares why not`, () => {
      const entry = recorded.find((e) => e.id === s.id);
      expect(entry, s.id).toBeDefined();
      expect(documentProblems(s, entry as NonNullable<typeof entry>)).toEqual([]);
    });
  }

  it("refuses a malformed record, saying where", () => {
    const entry = (runs: unknown): string =>
      JSON.stringify({
        entries: [{ id: "S009-01-x", seed: "009.txt", title: "x", kind: "claim", needs: [], runs }],
      });
    expect(() => parseCatalogData("{", "r.json")).toThrow(/^r\.json: not JSON: /);
    expect(() => parseCatalogData("[]", "r.json")).toThrow(
      'r.json: top level: an object with "entries": [...]',
    );
    expect(() => parseCatalogData(entry([]), "r.json")).toThrow(
      'r.json: entries[0] (S009-01-x): "runs" must be a non-empty list',
    );
    expect(() =>
      parseCatalogData(
        entry([{ python: "3.12.1", exit: 0, wall: 0.1, lines: [[0.1, "stdout", "x"]] }]),
        "r.json",
      ),
    ).toThrow('r.json: entries[0] (S009-01-x) runs[0] lines[0]: must be [seconds, "out" | "err", text]');
    expect(() =>
      parseCatalogData(entry([{ python: "3.12", exit: 0, wall: 0.1, lines: [] }]), "r.json"),
    ).toThrow('r.json: entries[0] (S009-01-x) runs[0]: "python" must be a version such as "3.12.1"');
    const twice = JSON.parse(entry([{ python: "3.12.1", exit: 0, wall: 0.1, lines: [] }]));
    twice.entries.push(twice.entries[0]);
    expect(() => parseCatalogData(JSON.stringify(twice), "r.json")).toThrow(
      "r.json: entries[1] (S009-01-x): a second entry with this id",
    );
    expect(
      parseCatalogData(
        entry([{ python: "3.12.1", note: "a variant", exit: 1, wall: 0.2, lines: [[0.1, "err", "E"]] }]),
      )[0]?.observed,
    ).toEqual([
      {
        label: "CPython 3.12.1 (a variant)",
        python: "3.12.1",
        lines: [{ at: 0.1, stream: "err", text: "E" }],
        exitCode: 1,
        wallSeconds: 0.2,
      },
    ]);
  });
});

describe("every scenario on the virtual clock", () => {
  for (const scenario of runnable) {
    it(scenario.id, async () => {
      const result = await runScenario(scenario, { virtual: true });
      expect(result.problems).toEqual([]);
      expect(result.status).toBe("passed");
    });
  }
  for (const scenario of catalog.filter((s) => s.waiting)) {
    it.todo(`${scenario.id}: ${scenario.waiting?.reason}`);
  }

  it("S002-23 prints the third monitor block on the virtual clock (equal deadlines fire in scheduling order)", async () => {
    const result = await runScenario(byId("S002-23-current-task-all-tasks"), { virtual: true });
    const [current, all] = result.lines.map((l) => l.text).slice(-2);
    expect(current).toBe("Current task: Monitor");
    expect([...(all as string).matchAll(/'([^']*)'/g)].map((m) => m[1]).sort()).toEqual([
      "Monitor",
      "Task-1",
    ]);
  });
});

describe("real concurrency on the real clock (text and order checked; durations bounded, not timed)", () => {
  // [scenario, at least (the sleeps behind it), less than (well below the sequential sum)]
  const cases: [string, number, number][] = [
    ["S001-04-gather-five-tasks", 2, 6], // five 2 s tasks: 10 s one after another
    ["S002-02-async-gather-tasks", 3, 5], // 2 s + 3 s + 1 s: 6 s one after another
    ["S004-01-hi-bye", 1, Number.POSITIVE_INFINITY],
  ];
  for (const [id, atLeast, below] of cases) {
    it(`${id} takes at least ${atLeast} s${Number.isFinite(below) ? `, far less than ${below} s` : ""}`, async () => {
      const result = await runScenario(byId(id), { virtual: false, checkTimes: false });
      expect(result.problems).toEqual([]);
      expect(result.wallSeconds).toBeGreaterThanOrEqual(atLeast - 0.01);
      expect(result.wallSeconds).toBeLessThan(below);
    });
  }
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

describe("S002-16's file half on its own (the scenario runs it with the HTTP half)", () => {
  it("saves each page as downloaded_sites/<last URL segment>.html in UTF-8 and counts its characters", async () => {
    const dir = mkdtempSync(join(tmpdir(), "s002-16-"));
    const folder = join(dir, "downloaded_sites");
    mkdirSync(folder, { recursive: true }); // os.makedirs(folder, exist_ok=True)
    const sites = ["https://www.python.org", "https://docs.python.org", "https://pypi.org"];
    try {
      const results = await run(
        (function* () {
          return yield* gather(
            ...sites.map((url) => saveDownloaded(folder, url, fixturePage(url.split("/").at(-1) as string))),
          );
        })(),
      );
      const printed = results.map(
        ([filename, size]) => `Downloaded ${filename.slice(dir.length + 1)}: ${size} characters`,
      );
      expect(printed).toEqual(byId("S002-16-aiohttp-aiofiles-save").expected.map((l) => l.text));
      expect(readdirSync(folder).sort()).toEqual([
        "docs.python.org.html",
        "pypi.org.html",
        "www.python.org.html",
      ]);
      for (const site of sites) {
        const host = site.split("/").at(-1) as string;
        const bytes = readFileSync(join(folder, `${host}.html`));
        expect(bytes.equals(Buffer.from(fixturePage(host), "utf8"))).toBe(true);
        expect(bytes.length).toBe((PAGE_LENGTHS[host] as number) + 8);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
