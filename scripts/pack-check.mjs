#!/usr/bin/env node
// The packaging gate (DESIGN §7), one line per check (`ok   …` or `FAIL …`):
// - each public package passes `publint --strict` and `attw --pack --profile esm-only` (its types
//   resolve for ESM consumers);
// - each public package, packed, installs alone into an empty directory: npm gets only its tarball
//   and those of its @aio dependencies, in npm's isolated ("linked") layout, where a package sees
//   only the dependencies it declares; there every ```ts example of its README runs against the
//   built dist/ and must print what its `// → …` comments say.
// Run with tsx (`node --import tsx scripts/pack-check.mjs`): the examples are TypeScript.
import { execFileSync, spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  examples,
  expectedOutput,
  importedPackages,
  outputLines,
} from "../tools/test-support/src/examples.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bin = join(root, "node_modules", ".bin");
const env = { ...process.env, PATH: `${bin}:${process.env.PATH}` };
const tsxLoader = import.meta.resolve("tsx");
const packages = readdirSync(join(root, "packages"))
  .map((n) => join(root, "packages", n))
  .filter((d) => existsSync(join(d, "package.json")))
  .map((dir) => ({ dir, pkg: JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) }))
  .filter(({ pkg }) => !pkg.private);

/**
 * Packages other than @aio's that README examples import (bare specifiers, not node: builtins),
 * with the version the package declares for them (dev, peer or runtime dependency); typescript
 * too when anything is added, for the declarations that need it.
 */
function otherImports(blocks, pkg) {
  const names = new Set();
  for (const b of blocks) {
    for (const m of b.code.matchAll(/(?:from|import)\s+"((?:@[\w.-]+\/)?[\w.-]+)(?:\/[\w./-]+)?"/g)) {
      const name = m[1];
      if (!name.startsWith("@aio/") && !name.startsWith("node:")) names.add(name);
    }
  }
  if (names.size > 0) names.add("typescript");
  const versions = { ...pkg.peerDependencies, ...pkg.devDependencies, ...pkg.dependencies };
  return [...names].map((n) => {
    const v = versions[n];
    if (v === undefined)
      throw new Error(`${pkg.name}'s README imports ${n}, which its package.json does not name`);
    return [n, v];
  });
}

let failed = 0;
function check(title, fn) {
  try {
    const detail = fn();
    console.log(`ok   ${title}${detail ? ` ${detail}` : ""}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${title}\n${e.stdout ?? ""}${e.stderr ?? ""}${e.stdout || e.stderr ? "" : e.message}`);
  }
}

const work = mkdtempSync(join(tmpdir(), "aio-pack-"));
try {
  const tarballs = new Map();
  for (const { dir, pkg } of packages) {
    check(`publint --strict ${pkg.name}`, () => {
      execFileSync("publint", ["--strict"], { cwd: dir, env, stdio: "pipe" });
    });
    check(`attw --pack --profile esm-only ${pkg.name}`, () => {
      execFileSync("attw", ["--pack", ".", "--profile", "esm-only", "--format", "ascii"], {
        cwd: dir,
        env,
        stdio: "pipe",
      });
    });
    const out = execFileSync("pnpm", ["pack", "--pack-destination", work], {
      cwd: dir,
      env,
      encoding: "utf8",
    });
    tarballs.set(pkg.name, out.trim().split("\n").pop());
  }

  for (const { dir, pkg } of packages) {
    const blocks = examples(readFileSync(join(dir, "README.md"), "utf8"));
    const wanted = new Set([pkg.name, ...blocks.flatMap((b) => importedPackages(b.code))]);
    const app = join(work, `alone-${pkg.name.replace("@aio/", "")}`);
    mkdirSync(app);
    const file = (name) => {
      const t = tarballs.get(name);
      if (!t) throw new Error(`${name} is not a public package of this repository`);
      return `file:${t}`;
    };
    // Dependencies of the app: the package and what its examples import. Overrides point every
    // @aio package npm may need at its tarball (never at the registry); npm installs only those
    // that the declared dependencies reach.
    writeFileSync(
      join(app, "package.json"),
      JSON.stringify({
        name: `alone-${pkg.name.replace("@aio/", "")}`,
        private: true,
        type: "module",
        dependencies: {
          ...Object.fromEntries([...wanted].map((n) => [n, file(n)])),
          // Other packages the examples import (an ESLint plugin's eslint and parser): from the
          // registry, at the version this package is developed against, as its README says to install.
          ...Object.fromEntries(otherImports(blocks, pkg)),
        },
        overrides: Object.fromEntries([...tarballs.keys()].map((n) => [n, file(n)])),
      }),
    );
    let installed = false;
    check(`${pkg.name} installs alone (isolated layout)`, () => {
      execFileSync(
        "npm",
        ["install", "--install-strategy=linked", "--no-audit", "--no-fund", "--loglevel=error"],
        { cwd: app, env, stdio: "pipe" },
      );
      installed = true;
      const store = join(app, "node_modules", ".store");
      return `with ${readdirSync(join(store, "@aio")).length} @aio packages`;
    });
    if (!installed) continue;
    for (const [i, b] of blocks.entries())
      writeFileSync(join(app, `example-${i + 1}.ts`), `${b.code}\nexport {};\n`);
    // The examples typecheck against the published declarations, which are checked too
    // (skipLibCheck off): what a user's editor sees.
    check(`${pkg.name} README examples typecheck against its packed declarations`, () => {
      writeFileSync(
        join(app, "tsconfig.json"),
        JSON.stringify({
          compilerOptions: {
            target: "ES2022",
            lib: ["ES2023"],
            module: "NodeNext",
            moduleResolution: "NodeNext",
            strict: true,
            skipLibCheck: false,
            noEmit: true,
            types: ["node"],
            typeRoots: [join(root, "node_modules", "@types")],
          },
          include: ["example-*.ts"],
        }),
      );
      execFileSync(join(bin, "tsc"), ["-p", "tsconfig.json"], {
        cwd: app,
        env,
        stdio: "pipe",
        encoding: "utf8",
      });
    });
    blocks.forEach((b, i) => {
      check(`${pkg.name} README example ${i + 1} runs against the packed package`, () => {
        const example = join(app, `example-${i + 1}.ts`);
        const r = spawnSync("node", ["--no-warnings", "--import", tsxLoader, example], {
          cwd: app,
          env,
          encoding: "utf8",
          timeout: 60_000,
        });
        if (r.status !== 0) {
          const why = r.stderr.split("\n").filter((l) => /Error|Cannot|not found/.test(l));
          throw new Error(
            `exit ${r.status}\n  ${(why.length ? why : r.stderr.split("\n").slice(-8)).join("\n  ")}`,
          );
        }
        const got = outputLines(r.stdout);
        const want = expectedOutput(b.code);
        if (JSON.stringify(got) !== JSON.stringify(want)) {
          throw new Error(`printed\n  ${got.join("\n  ")}\nexpected\n  ${want.join("\n  ")}`);
        }
      });
    });
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
