/**
 * The differential cases of a directory run by another runtime (Bun, Deno): every TypeScript
 * program on the virtual clock must print its recording exactly. Prints `ok NAME` / `FAIL NAME`
 * lines and a last line `N passed, N failed`; exits 1 on any failure.
 * Usage: `<runtime> src/other-runtime.ts <cases-dir> [<cases-dir> …]`.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { type RecordedCase, runCases } from "./run-cases.js";

const dirs = process.argv.slice(2).filter((a) => !a.startsWith("-"));
const cases: RecordedCase[] = [];
for (const d of dirs) {
  const dir = resolve(d);
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith(".ts"))
    .sort()) {
    const name = file.slice(0, -3);
    const mod = (await import(pathToFileURL(join(dir, file)).href)) as { default: RecordedCase[1] };
    cases.push([name, mod.default, readFileSync(join(dir, `${name}.out`), "utf8")]);
  }
}
const results = await runCases(cases);
for (const r of results) console.log(r.ok ? `ok   ${r.name}` : `FAIL ${r.name}: ${r.detail}`);
const failed = results.filter((r) => !r.ok).length;
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
