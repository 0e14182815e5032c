/**
 * The scenarios runner: `pnpm scenarios [id|prefix …] [--virtual] [--list] [--quiet]`.
 * Runs each scenario under a heading, echoing what it prints, then a table of expected and actual
 * times and whether the output matched; the last line is `scenarios: N passed, N failed, N waiting`.
 */
import { parseArgs } from "node:util";
import { catalog } from "./catalog.js";
import { runScenario, type ScenarioResult } from "./runner.js";
import type { Scenario } from "./scenario.js";

const USAGE = "usage: pnpm scenarios [id|prefix …] [--virtual] [--list] [--quiet]";
let parsed: {
  values: { virtual?: boolean; list?: boolean; quiet?: boolean; help?: boolean };
  positionals: string[];
};
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: {
      virtual: { type: "boolean" },
      list: { type: "boolean" },
      quiet: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
} catch (err) {
  console.error(`scenarios: ${(err as Error).message}\n${USAGE}`);
  process.exit(2);
}
const { values: options, positionals: filters } = parsed;
if (options.help) {
  console.log(USAGE);
  process.exit(0);
}

const selected: Scenario[] = filters.length
  ? catalog.filter((s) => filters.some((f) => s.id === f || s.id.startsWith(f)))
  : catalog;
if (selected.length === 0) {
  console.error(`scenarios: no scenario matches ${filters.join(", ")}; try --list`);
  process.exit(2);
}

if (options.list === true) {
  for (const s of selected) {
    const waiting = s.waiting ? `  (waiting: ${s.waiting.reason})` : "";
    console.log(`${s.id.padEnd(42)} ${s.kind.padEnd(13)} ≈${s.seconds} s  ${s.title}${waiting}`);
  }
  process.exit(0);
}

const virtual = options.virtual === true;
const quiet = options.quiet === true;
const results: ScenarioResult[] = [];
for (const s of selected) {
  if (!quiet)
    console.log(`\n━━ ${s.id} — ${s.title} (${s.kind}, ≈${s.seconds} s${virtual ? ", virtual clock" : ""})`);
  const result = await runScenario(s, {
    virtual,
    onLine: quiet
      ? undefined
      : (line) =>
          (line.stream === "out" ? process.stdout : process.stderr).write(
            `  ${line.stream === "err" ? "! " : "  "}${line.text}\n`,
          ),
  } as Parameters<typeof runScenario>[1]);
  results.push(result);
  if (!quiet || result.status === "failed") {
    if (result.status === "waiting") console.log(`  ◌ ${result.problems.join("; ")}`);
    else if (result.status === "passed") console.log(`  ✓ output matches (${result.seconds.toFixed(2)} s)`);
    else {
      if (quiet) console.log(`\n━━ ${s.id}`);
      for (const p of result.problems) console.log(`  ✗ ${p}`);
    }
  }
}

console.log(`\n${"scenario".padEnd(44)}${"expected".padStart(9)}${"actual".padStart(9)}  output matches`);
for (const r of results) {
  const s = selected.find((x) => x.id === r.id) as Scenario;
  const actual = r.status === "waiting" ? "–" : `${r.seconds.toFixed(2)} s`;
  const verdict =
    r.status === "waiting"
      ? `waiting${s.waiting?.for.length ? ` for ${s.waiting.for.join(", ")}` : ""}`
      : r.status === "passed"
        ? "yes"
        : "no";
  console.log(`${r.id.padEnd(44)}${`${s.seconds} s`.padStart(9)}${actual.padStart(9)}  ${verdict}`);
}
const count = (st: ScenarioResult["status"]) => results.filter((r) => r.status === st).length;
console.log(`scenarios: ${count("passed")} passed, ${count("failed")} failed, ${count("waiting")} waiting`);
process.exitCode = count("failed") > 0 ? 1 : 0;
