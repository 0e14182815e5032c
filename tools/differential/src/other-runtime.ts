/**
 * The differential cases of a directory run by another runtime (Bun, Deno): every TypeScript
 * program on the virtual clock must print its recording exactly. Prints `ok NAME` / `FAIL NAME`
 * lines and a last line `N passed, N failed`; exits 1 on any failure.
 * Usage: `<runtime> src/other-runtime.ts <cases-dir> [<cases-dir> …]`.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { resetRuntimeState } from "@aio/loop/testing";
import { collector } from "./harness.js";

const dirs = process.argv.slice(2).filter((a) => !a.startsWith("-"));
let passed = 0;
let failed = 0;
for (const d of dirs) {
  const dir = resolve(d);
  for (const name of readdirSync(dir)
    .filter((f) => f.endsWith(".ts"))
    .map((f) => f.slice(0, -3))
    .sort()) {
    resetRuntimeState();
    const { print, lines } = collector();
    let got: string;
    try {
      const mod = (await import(pathToFileURL(join(dir, `${name}.ts`)).href)) as {
        default: (p: typeof print) => Promise<void>;
      };
      await mod.default(print);
      got = lines.map((l) => `${l}\n`).join("");
    } catch (err) {
      got = `threw ${(err as Error)?.stack ?? String(err)}`;
    }
    const want = readFileSync(join(dir, `${name}.out`), "utf8");
    if (got === want) {
      passed++;
      console.log(`ok   ${name}`);
    } else {
      failed++;
      const a = got.split("\n");
      const b = want.split("\n");
      const i = a.findIndex((l, k) => l !== b[k]);
      console.log(`FAIL ${name}: line ${i + 1}: got ${JSON.stringify(a[i])}, want ${JSON.stringify(b[i])}`);
    }
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
