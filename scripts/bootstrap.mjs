#!/usr/bin/env node
// Installs the workspace's dependencies when they are missing or older than the lockfile, so that
// `npm test` and `npm run scenarios` work on a fresh machine that has only Node and npm.
// pnpm itself comes from the npm registry through npx; afterwards it is a root devDependency, so
// every script (and turbo, which calls `pnpm` from PATH) finds it in node_modules/.bin.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const pnpmSpec = pkg.packageManager; // "pnpm@10.x.y"
const marker = join(root, "node_modules", ".modules.yaml");
const lockfile = join(root, "pnpm-lock.yaml");

function fresh() {
  if (!existsSync(marker)) return false;
  if (!existsSync(lockfile)) return false;
  return statSync(marker).mtimeMs >= statSync(lockfile).mtimeMs;
}

if (!fresh()) {
  const args = ["--yes", pnpmSpec, "install"];
  if (process.env.CI) args.push("--frozen-lockfile");
  console.log(`bootstrap: npx ${args.join(" ")}`);
  execFileSync("npx", args, {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, COREPACK_ENABLE_STRICT: "0" },
  });
}

// Debian packages the tests need (Python's aiofiles and aiohttp for the differential pairs).
execFileSync("node", [join(root, "scripts", "system-deps.mjs")], { cwd: root, stdio: "inherit" });
