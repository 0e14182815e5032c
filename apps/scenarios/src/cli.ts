/**
 * The scenarios runner: `pnpm scenarios [id|prefix …] [--virtual] [--list] [--quiet]`.
 * Runs each scenario under a heading, echoing what it prints, then a table of expected and actual
 * times and whether the output matched; the last line is `scenarios: N passed, N failed, N waiting`.
 */
import { catalog } from "./catalog.js";
import { runScenario, type ScenarioResult } from "./runner.js";
import type { Scenario } from "./scenario.js";

const args = process.argv.slice(2);
const flags = new Set(args.filter((a) => a.startsWith("--")));
const filters = args.filter((a) => !a.startsWith("--"));
const known = new Set(["--virtual", "--list", "--quiet", "--help"]);
for (const f of flags) {
  if (!known.has(f)) {
    console.error(`scenarios: unknown option ${f} (known: ${[...known].join(", ")})`);
    process.exit(2);
  }
}
if (flags.has("--help")) {
  console.log("usage: pnpm scenarios [id|prefix …] [--virtual] [--list] [--quiet]");
  process.exit(0);
}

const selected: Scenario[] = filters.length
  ? catalog.filter((s) => filters.some((f) => s.id === f || s.id.startsWith(f)))
  : catalog;
if (selected.length === 0) {
  console.error(`scenarios: no scenario matches ${filters.join(", ")}; try --list`);
  process.exit(2);
}

if (flags.has("--list")) {
  for (const s of selected) {
    const waiting = s.waiting ? `  (waiting: ${s.waiting.reason})` : "";
    console.log(`${s.id.padEnd(42)} ${s.kind.padEnd(13)} ≈${s.seconds} s  ${s.title}${waiting}`);
  }
  process.exit(0);
}

const virtual = flags.has("--virtual");
const quiet = flags.has("--quiet");
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
