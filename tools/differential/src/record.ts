/**
 * Records the expected output of differential cases by running their Python programs on CPython
 * 3.12 (or, for a directory whose `python.json` names modules, on a CPython that has them):
 * `pnpm --filter @aio/differential record <cases-dir> [name-prefix …]`.
 */
import { execFile } from "node:child_process";
import { readdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs, promisify } from "node:util";
import { findPython, findPythonWith, pythonNeeds, startFixture } from "./python.js";

const USAGE = "usage: record <cases-dir> [name-prefix …]";
let positionals: string[];
try {
  ({ positionals } = parseArgs({ allowPositionals: true, options: {} }));
} catch (err) {
  console.error(`record: ${(err as Error).message}\n${USAGE}`);
  process.exit(2);
}
const [dirArg, ...only] = positionals;
if (!dirArg) {
  console.error(USAGE);
  process.exit(2);
}
const dir = resolve(process.env.INIT_CWD ?? process.cwd(), dirArg);
const needs = pythonNeeds(dir);
const python = needs !== null ? findPythonWith(needs.modules) : findPython();
if (needs !== null && python === null) {
  console.error(`record needs a CPython with ${needs.modules.join(", ")} (node scripts/system-deps.mjs)`);
  process.exit(1);
}
if (!python || (needs === null && python.version[1] < 12)) {
  console.error("record needs CPython 3.12 (set AIO_PYTHON)");
  process.exit(1);
}
const fixture = await startFixture(dir, needs);
for (const file of readdirSync(dir)
  .filter((f) => f.endsWith(".py"))
  .sort()) {
  const name = file.slice(0, -3);
  if (only.length && !only.some((o) => name.startsWith(o))) continue;
  // Asynchronously: a fixture server in this process must answer while Python runs.
  const { stdout: out } = await promisify(execFile)(python.path, [join(dir, file)], {
    encoding: "utf8",
    cwd: dir,
  });
  writeFileSync(join(dir, `${name}.out`), out);
  console.log(`recorded ${name} (${out.split("\n").length - 1} lines)`);
}
await fixture?.close();
