/**
 * Records the expected output of every differential case by running its Python program on
 * CPython 3.12: `pnpm --filter @aio/task record-differential`.
 */
import { execFileSync } from "node:child_process";
import { readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { findPython } from "./python.js";

const dir = join(dirname(fileURLToPath(import.meta.url)), "cases");
const python = findPython();
if (!python || python.version[1] < 12) {
  console.error("record-differential needs CPython 3.12 (set AIO_PYTHON)");
  process.exit(1);
}
const only = process.argv.slice(2);
for (const file of readdirSync(dir)
  .filter((f) => f.endsWith(".py"))
  .sort()) {
  const name = file.slice(0, -3);
  if (only.length && !only.some((o) => name.startsWith(o))) continue;
  const out = execFileSync(python.path, [join(dir, file)], { encoding: "utf8", cwd: dir });
  writeFileSync(join(dir, `${name}.out`), out);
  console.log(`recorded ${name} (${out.split("\n").length - 1} lines)`);
}
