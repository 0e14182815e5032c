#!/usr/bin/env node
// The packaging gate (DESIGN §7): each published package passes `publint --strict` and
// `attw --pack --profile esm-only` (its types resolve for ESM consumers), and its packed tarball
// installs with npm into an empty directory, where an example runs against the built dist/.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bin = join(root, "node_modules", ".bin");
const env = { ...process.env, PATH: `${bin}:${process.env.PATH}` };
const packages = readdirSync(join(root, "packages"))
  .map((n) => join(root, "packages", n))
  .filter(
    (d) =>
      existsSync(join(d, "package.json")) &&
      !JSON.parse(readFileSync(join(d, "package.json"), "utf8")).private,
  );

const work = mkdtempSync(join(tmpdir(), "aio-pack-"));
let failed = 0;
try {
  const tarballs = [];
  for (const dir of packages) {
    const name = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).name;
    try {
      execFileSync("publint", ["--strict"], { cwd: dir, env, stdio: "pipe" });
      console.log(`ok   publint --strict ${name}`);
    } catch (e) {
      failed++;
      console.log(`FAIL publint --strict ${name}\n${e.stdout ?? ""}${e.stderr ?? ""}`);
    }
    try {
      execFileSync("attw", ["--pack", ".", "--profile", "esm-only", "--format", "ascii"], {
        cwd: dir,
        env,
        stdio: "pipe",
      });
      console.log(`ok   attw --pack --profile esm-only ${name}`);
    } catch (e) {
      failed++;
      console.log(`FAIL attw --pack --profile esm-only ${name}\n${e.stdout ?? ""}${e.stderr ?? ""}`);
    }
    const out = execFileSync("pnpm", ["pack", "--pack-destination", work], {
      cwd: dir,
      env,
      encoding: "utf8",
    });
    tarballs.push(out.trim().split("\n").pop());
  }
  const app = join(work, "app");
  execFileSync("mkdir", ["-p", app]);
  writeFileSync(
    join(app, "package.json"),
    JSON.stringify({ name: "pack-check", private: true, type: "module" }),
  );
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", ...tarballs], {
    cwd: app,
    env,
    stdio: "pipe",
  });
  writeFileSync(
    join(app, "example.mjs"),
    `import { run, sleep, gather, createTask, coroutine } from "@aio/task";
import { toThread } from "@aio/executor";
import { Queue } from "@aio/sync";
import { newEventLoop } from "@aio/loop";
import { Future } from "@aio/future";
const job = coroutine(function* job(name, s) { yield* sleep(s); return name; });
function* main() {
  const t = createTask(job("A", 2));
  const [b, c] = yield* gather(job("B", 1), job("C", 3));
  const q = new Queue();
  q.putNowait(yield* toThread((x) => x * 2, 21));
  return [yield* t, b, c, String(t), yield* q.get()];
}
const loop = newEventLoop({ clock: "virtual" });
const f = new Future({ loop });
f.setResult(1);
console.log(JSON.stringify(await run(main(), { clock: "virtual" })), f.done());
`,
  );
  const printed = execFileSync("node", ["example.mjs"], { cwd: app, env, encoding: "utf8" }).trim();
  const want = `["A","B","C","<Task finished name='Task-2' coro=<job() done, defined at ${join(app, "example.mjs")}:6> result='A'>",42] true`;
  if (printed === want) console.log("ok   the packed packages install with npm alone and run an example");
  else {
    failed++;
    console.log(`FAIL the packed example printed\n  ${printed}\nexpected\n  ${want}`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
