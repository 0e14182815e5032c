#!/usr/bin/env node
// The whole test suite: build and typecheck every package, run every package's tests, the
// packaging gate, lint; then print plain closing lines: `packaging: N passed, N failed` (the
// checks of scripts/pack-check.mjs) and last `tests: N passed, N failed`, added up from the vitest
// reports.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bin = join(root, "node_modules", ".bin");
const env = {
  ...process.env,
  PATH: `${bin}:${process.env.PATH}`,
  TURBO_TELEMETRY_DISABLED: "1",
  DO_NOT_TRACK: "1",
};

function step(title, cmd, args) {
  console.log(`\n== ${title}: ${cmd} ${args.join(" ")}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit", env });
  return r.status === 0;
}

const workspaces = ["packages", "apps", "tools"]
  .flatMap((d) => (existsSync(join(root, d)) ? readdirSync(join(root, d)).map((n) => join(root, d, n)) : []))
  .filter((d) => existsSync(join(d, "package.json")));
for (const w of workspaces) rmSync(join(w, ".vitest-report.json"), { force: true });

const built = step("build and typecheck", "turbo", [
  "run",
  "build",
  "typecheck",
  "--output-logs=errors-only",
]);
const tested = built && step("tests", "turbo", ["run", "test", "--output-logs=full", "--concurrency=1"]);

// The packaging gate: publint, attw, and each packed package installed alone with its README
// examples run against it.
let packPassed = 0;
let packFailed = 0;
if (built) {
  console.log("\n== packages: node --import tsx scripts/pack-check.mjs");
  const r = spawnSync("node", ["--import", "tsx", join(root, "scripts", "pack-check.mjs")], {
    cwd: root,
    env,
    encoding: "utf8",
  });
  process.stdout.write(r.stdout ?? "");
  process.stderr.write(r.stderr ?? "");
  packPassed = (r.stdout.match(/^ok /gm) ?? []).length;
  packFailed =
    (r.stdout.match(/^FAIL /gm) ?? []).length + (r.status !== 0 && !/^FAIL /m.test(r.stdout) ? 1 : 0);
}
const linted = step("lint", "biome", ["check", "."]);

let passed = 0;
let failed = 0;
let skipped = 0;
let todo = 0;
for (const w of workspaces) {
  const pkg = JSON.parse(readFileSync(join(w, "package.json"), "utf8"));
  if (!pkg.scripts?.test) continue;
  const report = join(w, ".vitest-report.json");
  if (!existsSync(report)) {
    if (tested) {
      console.log(`no test report from ${pkg.name}: counted as a failure`);
      failed++;
    }
    continue;
  }
  const r = JSON.parse(readFileSync(report, "utf8"));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  skipped += r.numPendingTests;
  todo += r.numTodoTests ?? 0;
  if (r.numFailedTestSuites > 0 && r.numFailedTests === 0) failed += r.numFailedTestSuites;
}
console.log(`\nbuild+typecheck: ${built ? "ok" : "FAILED"}, lint: ${linted ? "ok" : "FAILED"}`);
if (built) console.log(`packaging: ${packPassed} passed, ${packFailed} failed`);
// Skipped tests are reported; `todo` tests are the scenarios still waiting for a package.
console.log(
  `tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}${todo ? `, ${todo} todo` : ""}`,
);
process.exit(built && tested && linted && failed === 0 && packFailed === 0 ? 0 : 1);
