#!/usr/bin/env node
// Installs what the tests need from Debian and is not an npm package: Python's aiofiles and aiohttp
// (the other side of @aio/fs's and @aio/http's differential pairs, for Debian's /usr/bin/python3),
// uvloop (tools/bench's S1 baseline), wrk (tools/bench's load generator for H1), curl (apps/todo-api's README calls),
// chromium (@aio/debug's timeline page, opened headless by its tests) and redis-server (the Redis that
// @aio/queue-executor's tests, apps/hash-farm and tools/bench's Q1/Q2 start on 127.0.0.1).
// Run by bootstrap.mjs; does nothing when everything is there. Needs root and apt-get (as on CI);
// elsewhere it says what is missing and the suites that need it say so too (and fail under CI).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

/** Debian package → how to tell it is installed. */
const NEEDS = [
  { pkg: "python3-aiofiles", check: ["/usr/bin/python3", ["-c", "import aiofiles"]] },
  { pkg: "python3-aiohttp", check: ["/usr/bin/python3", ["-c", "import aiohttp"]] },
  { pkg: "wrk", check: ["/bin/sh", ["-c", "command -v wrk"]] },
  // tools/bench's S1 compares aio's streams with uvloop's (Debian's python3).
  { pkg: "python3-uvloop", check: ["/usr/bin/python3", ["-c", "import uvloop"]] },
  // apps/todo-api's README calls, run by its tests.
  { pkg: "curl", check: ["/bin/sh", ["-c", "command -v curl"]] },
  // @aio/debug's HTML timeline is opened in a real headless browser (playwright-core drives it).
  { pkg: "chromium", check: ["/bin/sh", ["-c", "command -v chromium"]] },
  // @aio/queue-executor runs on BullMQ, which runs on Redis: its tests start their own servers.
  { pkg: "redis-server", check: ["/bin/sh", ["-c", "command -v redis-server"]] },
];

function ok([cmd, args]) {
  if (!existsSync(cmd)) return false;
  return spawnSync(cmd, args, { stdio: "ignore" }).status === 0;
}

const missing = NEEDS.filter((n) => !ok(n.check)).map((n) => n.pkg);
if (missing.length > 0) {
  const root = typeof process.getuid === "function" && process.getuid() === 0;
  const apt = spawnSync("sh", ["-c", "command -v apt-get"], { stdio: "ignore" }).status === 0;
  if (!root || !apt) {
    console.log(`system-deps: missing ${missing.join(", ")} (install them with apt-get as root)`);
  } else {
    console.log(`system-deps: apt-get install -y ${missing.join(" ")}`);
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    const install = () =>
      spawnSync("apt-get", ["install", "-y", "--no-install-recommends", ...missing], {
        stdio: "inherit",
        env,
      }).status === 0;
    if (!install()) {
      // Stale package lists: refresh once and try again.
      spawnSync("apt-get", ["update"], { stdio: "inherit", env });
      if (!install())
        console.log("system-deps: apt-get failed; the suites that need these packages will say so");
    }
  }
}
