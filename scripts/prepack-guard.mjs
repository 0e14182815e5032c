#!/usr/bin/env node
// `prepack` of every public package: refuse to pack a package whose build is missing or older than
// its sources (a tarball without dist/ installs and then fails at the first import), and put the
// repository's LICENSE in the package so that it is in the tarball.
import { copyFileSync, existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dir = process.cwd();
const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));

/** Every file the package's entry points name (exports' types/default, main, types, bin). */
function entryFiles() {
  const out = new Set();
  const walk = (v) => {
    if (typeof v === "string") {
      if (v.startsWith("./dist/")) out.add(v);
    } else if (v && typeof v === "object")
      for (const [k, x] of Object.entries(v)) if (k !== "aio-source") walk(x);
  };
  walk(pkg.exports);
  walk(pkg.main);
  walk(pkg.types);
  walk(pkg.bin);
  return [...out];
}

function newest(path) {
  let t = 0;
  for (const e of readdirSync(path, { withFileTypes: true })) {
    const p = join(path, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const missing = entryFiles().filter((f) => !existsSync(join(dir, f)));
if (missing.length > 0) {
  console.error(`${pkg.name}: not built (${missing.join(", ")} missing): run \`npm run build\` first`);
  process.exit(1);
}
const built = Math.min(...entryFiles().map((f) => statSync(join(dir, f)).mtimeMs));
if (existsSync(join(dir, "src")) && newest(join(dir, "src")) > built) {
  console.error(`${pkg.name}: dist/ is older than src/: run \`npm run build\` first`);
  process.exit(1);
}
copyFileSync(join(root, "LICENSE"), join(dir, "LICENSE"));
