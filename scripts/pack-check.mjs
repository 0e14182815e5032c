#!/usr/bin/env node
// The packaging gate: what every published package must pass before it ships, one line per check (`ok   …` or `FAIL …`):
// - each public package passes `publint --strict` and `attw --pack --profile esm-only` (its types
//   resolve for ESM consumers);
// - each public package, packed, installs alone into an empty directory: npm gets only its tarball
//   and those of its @aio dependencies, in npm's isolated ("linked") layout, where a package sees
//   only the dependencies it declares; there every ```ts example of its README runs against the
//   built dist/ and must print what its `// → …` comments say;
// - all of them, installed together in a project with `tsc --init`'s settings (declaration: true,
//   exactOptionalPropertyTypes), serve a module exporting a value of each public class and a
//   handler: its declarations emit with TypeScript 5.0 (the stated minimum), 5.9 and the newest.
// Run with tsx (`node --import tsx scripts/pack-check.mjs`): the examples are TypeScript.
import { execFileSync, spawnSync } from "node:child_process";
import {
  cpSync,
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
import { applicationModule, consumerModule, readExports } from "../tools/test-support/src/consumer.ts";
import {
  examples,
  expectedOutput,
  importedPackages,
  outputLines,
} from "../tools/test-support/src/examples.ts";
import { startRedis } from "../tools/test-support/src/redis.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
/** The workspace's own package.json (its scripts, and the versions it develops against). */
const rootPkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
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
  // And the type declarations of those that ship none (ws: @types/ws), as a user installs them.
  const declared = { ...pkg.devDependencies, ...pkg.dependencies };
  for (const n of [...names]) {
    const types = `@types/${n.replace(/^@([^/]+)\/(.*)$/, "$1__$2")}`;
    if (declared[types] !== undefined) names.add(types);
  }
  // typescript is the workspace's (the root's devDependency) unless the package pins its own.
  const versions = {
    typescript: rootPkg.devDependencies.typescript,
    ...pkg.peerDependencies,
    ...pkg.devDependencies,
    ...pkg.dependencies,
  };
  return [...names].map((n) => {
    const v = versions[n];
    if (v === undefined)
      throw new Error(`${pkg.name}'s README imports ${n}, which its package.json does not name`);
    return [n, v];
  });
}

/** Runs each README example in `app` with tsx; it must print what its `// →` comments say. */
function runExamples(pkg, blocks, app, suffix) {
  blocks.forEach((b, i) => {
    check(`${pkg.name} README example ${i + 1} runs against the packed package${suffix}`, () => {
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
  // The API reference (`npm run docs`): builds with no warning (typedoc.json treats them as errors:
  // broken links, types referenced but not documented), and documents every exported symbol.
  check("API reference: typedoc builds docs/api with no warning, every exported symbol documented", () => {
    const json = join(work, "api.json");
    execFileSync(join(bin, "typedoc"), ["--out", join(work, "api"), "--json", json], {
      cwd: root,
      env,
      stdio: "pipe",
    });
    const project = JSON.parse(readFileSync(json, "utf8"));
    const documented = (r) =>
      Boolean(
        r.comment?.summary?.length ||
          r.comment?.blockTags?.length ||
          r.signatures?.some((x) => x.comment?.summary?.length) ||
          r.getSignature?.comment?.summary?.length ||
          r.type?.declaration?.signatures?.some((x) => x.comment?.summary?.length),
      );
    const undocumented = [];
    let symbols = 0;
    let members = 0;
    let membersDocumented = 0;
    const walk = (mod, prefix) => {
      for (const c of mod.children ?? []) {
        if (c.kind === 2 || c.kind === 4)
          walk(c, `${prefix}${c.name}.`); // module, namespace
        else if (c.kind !== 4194304) {
          // (4194304: a re-export, counted where it is declared)
          symbols++;
          if (!documented(c)) undocumented.push(`${prefix}${c.name}`);
          if (c.kind === 128 || c.kind === 256) {
            for (const m of c.children ?? []) {
              if (m.inheritedFrom || m.flags?.isPrivate || m.name.startsWith("_") || m.kind === 512) continue;
              members++;
              if (documented(m)) membersDocumented++;
            }
          }
        }
      }
    };
    for (const pkg of project.children ?? []) walk(pkg, `${pkg.name}:`);
    if (undocumented.length > 0) throw new Error(`not documented: ${undocumented.join(", ")}`);
    // Members of classes and interfaces: no fewer documented than on 2026-12-01 (67%).
    const share = membersDocumented / members;
    if (share < 0.67) throw new Error(`only ${(share * 100).toFixed(0)}% of public members documented`);
    return `(${symbols}/${symbols} symbols, ${membersDocumented}/${members} public members)`;
  });

  // The release path that cannot run here (GitHub Actions) is at least what it must be.
  check("release workflow: the suite, then changesets/action with npm provenance", () => {
    const wf = readFileSync(join(root, ".github", "workflows", "release.yml"), "utf8");
    const need = [
      "id-token: write",
      "changesets/action@",
      "run: npm test",
      "NPM_CONFIG_PROVENANCE",
      "publish:",
    ];
    const absent = need.filter((n) => !wf.includes(n));
    if (absent.length > 0) throw new Error(`release.yml lacks ${absent.join(", ")}`);
    const scripts = rootPkg.scripts;
    if (!/changeset publish/.test(scripts.release ?? ""))
      throw new Error("no release script running changeset publish");
  });

  // The first release, rehearsed in a copy of the workspace's manifests and changesets:
  // `changeset version` must take every public package from 0.0.0 to 0.1.0 together (one fixed
  // group), write their changelogs, and leave the private apps and tools alone.
  check(
    "changeset version: the public packages go to 0.1.0 together, the private ones are left alone",
    () => {
      const copy = join(work, "release-rehearsal");
      mkdirSync(copy);
      cpSync(join(root, "package.json"), join(copy, "package.json"));
      cpSync(join(root, "pnpm-workspace.yaml"), join(copy, "pnpm-workspace.yaml"));
      cpSync(join(root, ".changeset"), join(copy, ".changeset"), { recursive: true });
      const manifests = [];
      for (const group of ["packages", "apps", "tools"]) {
        for (const name of readdirSync(join(root, group))) {
          const file = join(root, group, name, "package.json");
          if (!existsSync(file)) continue;
          mkdirSync(join(copy, group, name), { recursive: true });
          cpSync(file, join(copy, group, name, "package.json"));
          manifests.push({ group, name, before: JSON.parse(readFileSync(file, "utf8")) });
        }
      }
      execFileSync(join(bin, "changeset"), ["version"], { cwd: copy, env, stdio: "pipe" });
      const problems = [];
      for (const m of manifests) {
        const after = JSON.parse(readFileSync(join(copy, m.group, m.name, "package.json"), "utf8"));
        const log = join(copy, m.group, m.name, "CHANGELOG.md");
        if (m.before.private) {
          if (after.version !== m.before.version)
            problems.push(`${after.name} (private) went to ${after.version}`);
          if (existsSync(log)) problems.push(`${after.name} (private) got a changelog`);
        } else {
          if (after.version !== "0.1.0") problems.push(`${after.name} went to ${after.version}, not 0.1.0`);
          if (!existsSync(log) || !readFileSync(log, "utf8").includes("## 0.1.0"))
            problems.push(`${after.name} has no 0.1.0 notes`);
        }
      }
      if (problems.length > 0) throw new Error(problems.join("\n"));
      const left = readdirSync(join(copy, ".changeset")).filter(
        (f) => f.endsWith(".md") && f !== "README.md",
      );
      if (left.length > 0) throw new Error(`changesets not consumed: ${left.join(", ")}`);
      return `(${manifests.filter((m) => !m.before.private).length} packages)`;
    },
  );

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
    const tarball = out.trim().split("\n").pop();
    tarballs.set(pkg.name, tarball);
    // What `changeset publish` runs (pnpm publish, which turns workspace: ranges into versions),
    // as a dry run: no registry write, no login, no provenance outside CI.
    check(`${pkg.name} publishes (pnpm publish --dry-run)`, () => {
      const r = spawnSync("pnpm", ["publish", "--dry-run", "--no-git-checks", "--provenance=false"], {
        cwd: dir,
        env,
        encoding: "utf8",
      });
      const text = `${r.stdout}${r.stderr}`;
      if (r.status !== 0 || !text.includes(`+ ${pkg.name}@${pkg.version}`)) {
        throw new Error(`exit ${r.status}\n${text.split("\n").slice(-8).join("\n")}`);
      }
      const size = /package size:\s*([\d.]+ \w+)/.exec(text)?.[1] ?? "?";
      const unpacked = /unpacked size:\s*([\d.]+ \w+)/.exec(text)?.[1] ?? "?";
      return `${pkg.name}@${pkg.version}: ${size} packed, ${unpacked} unpacked`;
    });
    check(`${pkg.name} tarball: LICENSE, built entry points, every files entry, release metadata`, () => {
      const listed = new Set(
        execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" }).split("\n").filter(Boolean),
      );
      const need = [
        "package/LICENSE",
        "package/README.md",
        "package/package.json",
        "package/dist/index.js",
        "package/dist/index.d.ts",
      ];
      const absent = need.filter((f) => !listed.has(f));
      if (absent.length > 0) throw new Error(`missing from the tarball: ${absent.join(", ")}`);
      const packed = JSON.parse(
        execFileSync("tar", ["-xzOf", tarball, "package/package.json"], { encoding: "utf8" }),
      );
      const problems = [];
      if (packed.license !== "MIT") problems.push("license");
      if (packed.repository?.directory !== `packages/${dir.split("/").pop()}`)
        problems.push("repository.directory");
      if (!/^git\+https:\/\/github\.com\//.test(packed.repository?.url ?? ""))
        problems.push("repository.url");
      if (!packed.homepage || !packed.bugs?.url) problems.push("homepage/bugs");
      if (!Array.isArray(packed.keywords) || packed.keywords.length < 3) problems.push("keywords");
      if (packed.publishConfig?.access !== "public" || packed.publishConfig?.provenance !== true)
        problems.push("publishConfig");
      // A library takes its dependencies as ranges (an exact pin would force a second copy on
      // applications that have a newer one).
      for (const [n, v] of Object.entries(packed.dependencies ?? {})) {
        if (/^\d+\.\d+\.\d+$/.test(String(v))) problems.push(`${n} pinned exactly (${v})`);
      }
      // workspace: ranges become real versions in the packed manifest.
      for (const deps of [packed.dependencies, packed.peerDependencies]) {
        for (const [n, v] of Object.entries(deps ?? {}))
          if (String(v).startsWith("workspace:")) problems.push(`${n}@${v}`);
      }
      // The workspace's own condition (`aio-source`, to src/*.ts) is not published in `exports` or
      // `imports` (the root .pnpmfile.cjs drops it), and every file an entry point names is in the
      // tarball.
      const targets = [];
      const walk = (v, where) => {
        if (typeof v === "string") targets.push([where, v]);
        else if (v && typeof v === "object")
          for (const [k, x] of Object.entries(v)) {
            if (k === "aio-source") problems.push(`${where || "exports"} keeps the aio-source condition`);
            walk(x, `${where}.${k}`);
          }
      };
      walk(packed.exports, "");
      for (const field of ["main", "types", "bin", "imports"]) walk(packed[field], `(${field})`);
      for (const [where, target] of targets) {
        if (!listed.has(`package/${target.replace(/^\.\//, "")}`))
          problems.push(`${where || "exports"} → ${target}, not in the tarball`);
      }
      // Every entry of `files` is there (a file, or a directory with something in it): an entry
      // naming nothing is a file the package meant to ship and does not.
      for (const entry of packed.files ?? []) {
        const path = `package/${entry.replace(/^\.\//, "").replace(/\/$/, "")}`;
        if (!listed.has(path) && ![...listed].some((f) => f.startsWith(`${path}/`)))
          problems.push(`files names ${entry}, not in the tarball`);
      }
      if (problems.length > 0) throw new Error(`package.json: ${problems.join(", ")}`);
      // The published declarations are documentation: they do not send readers to this repository's
      // design notes.
      for (const f of listed) {
        if (!f.endsWith(".d.ts")) continue;
        const text = execFileSync("tar", ["-xzOf", tarball, f], { encoding: "utf8" });
        if (/DESIGN §|\.\.\/shared\//.test(text)) throw new Error(`${f} cites the design notes`);
      }
      // The README opens with how to install it and what it needs.
      const readme = readFileSync(join(dir, "README.md"), "utf8");
      const head = readme.slice(0, readme.indexOf("```ts") === -1 ? readme.length : readme.indexOf("```ts"));
      if (!head.includes(`npm install ${pkg.name}`) && !head.includes(`npm install --save-dev ${pkg.name}`)) {
        throw new Error("README: no install line before the first example");
      }
      if (!/Node ≥ 20\.19/.test(head) || !/TypeScript ≥ 5\.0/.test(head) || !/ESM only/.test(head)) {
        throw new Error(
          "README: no requirements (ESM only, Node ≥ 20.19, TypeScript ≥ 5.0) before the first example",
        );
      }
      return `(${listed.size} files)`;
    });
  }

  // A user's project as `tsc --init` sets it up (declaration: true, exactOptionalPropertyTypes),
  // all the packages installed from their tarballs: a module exporting a value of each public class
  // (namespace members too: web.Application, logging.Logger) must get its declarations emitted, so
  // the published ones name every type (no TS4023 "cannot be named", no TS4094 for an anonymous
  // class with #private members); each options type takes an explicit undefined for its optional
  // properties. With TypeScript 5.0 (the minimum the READMEs state), 5.9 and the newest on npm.
  const consumer = join(work, "consumer");
  const compilers = { "5.0": "~5.0.4", 5.9: "~5.9.3", latest: "latest" };
  mkdirSync(consumer);
  writeFileSync(
    join(consumer, "package.json"),
    JSON.stringify({
      name: "consumer",
      private: true,
      type: "module",
      dependencies: {
        ...Object.fromEntries([...tarballs].map(([n, t]) => [n, `file:${t}`])),
        "@types/node": rootPkg.devDependencies["@types/node"],
        ...Object.fromEntries(
          Object.entries(compilers).map(([v, r]) => [`typescript-${v}`, `npm:typescript@${r}`]),
        ),
      },
      overrides: Object.fromEntries([...tarballs].map(([n, t]) => [n, `file:${t}`])),
    }),
  );
  writeFileSync(
    join(consumer, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        target: "ES2022",
        module: "NodeNext",
        moduleResolution: "NodeNext",
        types: ["node"],
        outDir: "out",
        declaration: true,
        strict: true,
        exactOptionalPropertyTypes: true,
        noUncheckedIndexedAccess: true,
        verbatimModuleSyntax: true,
        isolatedModules: true,
        moduleDetection: "force",
        skipLibCheck: true,
      },
      include: ["consumer-*.ts"],
    }),
  );
  let consumerReady = false;
  check(
    "consumer project (tsc --init settings): every package and TypeScript 5.0, 5.9, latest installed",
    () => {
      execFileSync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], {
        cwd: consumer,
        env,
        stdio: "pipe",
      });
      const found = readExports(consumer, [...tarballs.keys()]);
      let classes = 0;
      let optionTypes = 0;
      for (const p of found) {
        writeFileSync(join(consumer, `consumer-${p.name.replace("@aio/", "")}.ts`), consumerModule(p));
        classes += p.classes.length;
        optionTypes += p.optionTypes.length;
      }
      writeFileSync(join(consumer, "consumer-application.ts"), applicationModule);
      // Every package that exports a class is covered (eslint-plugin exports none).
      const without = found.filter((p) => p.classes.length === 0 && p.name !== "@aio/eslint-plugin");
      if (without.length > 0) throw new Error(`no class found in ${without.map((p) => p.name).join(", ")}`);
      consumerReady = true;
      return `(${classes} classes, ${optionTypes} options types)`;
    },
  );
  for (const v of consumerReady ? Object.keys(compilers) : []) {
    const ts = join(consumer, "node_modules", `typescript-${v}`);
    const version = JSON.parse(readFileSync(join(ts, "package.json"), "utf8")).version;
    check(`consumer declarations emit with TypeScript ${v} (${version}): no error`, () => {
      rmSync(join(consumer, "out"), { recursive: true, force: true });
      const r = spawnSync("node", [join(ts, "bin", "tsc"), "-p", "tsconfig.json"], {
        cwd: consumer,
        env,
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
      });
      const errors = `${r.stdout}${r.stderr}`.split("\n").filter((l) => /error TS\d+/.test(l));
      if (r.status !== 0 || errors.length > 0) {
        const codes = new Map();
        for (const e of errors) {
          const code = /error (TS\d+)/.exec(e)?.[1];
          codes.set(code, (codes.get(code) ?? 0) + 1);
        }
        const counts = [...codes].map(([c, n]) => `${c} ×${n}`).join(", ");
        throw new Error(
          `exit ${r.status}, ${errors.length} errors (${counts})\n  ${errors.slice(0, 12).join("\n  ")}`,
        );
      }
      if (!existsSync(join(consumer, "out", "consumer-application.d.ts")))
        throw new Error("no declarations written");
    });
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
      const names = readdirSync(join(store, "@aio"));
      // One copy of each: the core packages are peers, shared by everything that uses them.
      const copies = names.map((n) => n.replace(/@\d.*$/, ""));
      const twice = copies.filter((n, i) => copies.indexOf(n) !== i);
      if (twice.length > 0) throw new Error(`two copies of @aio/${twice.join(", @aio/")}`);
      return `with ${names.length} @aio packages, one copy each`;
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
    // Examples that use Redis (@aio/queue-executor's) get one of their own, as their tests do.
    const redis = blocks.some((b) => b.code.includes("process.env.REDIS_URL")) ? await startRedis() : null;
    if (redis) env.REDIS_URL = redis.url;
    try {
      runExamples(pkg, blocks, app, "");
    } finally {
      delete env.REDIS_URL;
      await redis?.stop();
    }
    // The ESLint plugin supports two ESLint majors: its examples run under the older one too,
    // installed as a user of ESLint 9 would (eslint@9 beside the tarball, npm's peer check).
    if (pkg.name === "@aio/eslint-plugin") {
      const older = /^npm:eslint@(.+)$/.exec(pkg.devDependencies?.eslint9 ?? "")?.[1];
      const app9 = join(work, "alone-eslint-plugin-eslint9");
      let ready = false;
      check(`${pkg.name} installs with ESLint ${older}`, () => {
        if (older === undefined) throw new Error("no eslint9 devDependency (npm:eslint@9.x) to test against");
        mkdirSync(app9);
        const manifest = JSON.parse(readFileSync(join(app, "package.json"), "utf8"));
        manifest.name = "alone-eslint-plugin-eslint9";
        manifest.dependencies.eslint = older;
        writeFileSync(join(app9, "package.json"), JSON.stringify(manifest));
        execFileSync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], {
          cwd: app9,
          env,
          stdio: "pipe",
        });
        const got = JSON.parse(
          readFileSync(join(app9, "node_modules", "eslint", "package.json"), "utf8"),
        ).version;
        if (got !== older) throw new Error(`installed eslint ${got}, not ${older}`);
        for (const [i, b] of blocks.entries())
          writeFileSync(join(app9, `example-${i + 1}.ts`), `${b.code}\nexport {};\n`);
        ready = true;
      });
      if (ready) runExamples(pkg, blocks, app9, ` with ESLint ${older}`);
    }
  }
  // An application that upgrades one package and not the core gets npm's refusal, not a second
  // copy of the core (whose unique-symbol brands would not type-check across copies, TS2345).
  check(
    "mismatched versions: @aio/task with a @aio/loop of another version is refused, not installed twice",
    () => {
      const other = join(work, "loop-other");
      mkdirSync(other);
      execFileSync("tar", ["-xzf", tarballs.get("@aio/loop"), "-C", other]);
      const manifest = join(other, "package", "package.json");
      const loopPkg = JSON.parse(readFileSync(manifest, "utf8"));
      loopPkg.version = "9.0.0";
      writeFileSync(manifest, JSON.stringify(loopPkg, null, 2));
      const otherTarball = join(work, "aio-loop-9.0.0.tgz");
      execFileSync("tar", ["-czf", otherTarball, "-C", other, "package"]);
      const app = join(work, "mismatched");
      mkdirSync(app);
      writeFileSync(
        join(app, "package.json"),
        JSON.stringify({
          name: "mismatched",
          private: true,
          type: "module",
          dependencies: {
            "@aio/task": `file:${tarballs.get("@aio/task")}`,
            "@aio/future": `file:${tarballs.get("@aio/future")}`,
            "@aio/loop": `file:${otherTarball}`,
          },
        }),
      );
      const r = spawnSync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], {
        cwd: app,
        env,
        encoding: "utf8",
      });
      if (r.status === 0) throw new Error("npm installed @aio/task beside a @aio/loop it does not accept");
      if (!/ERESOLVE|peer/i.test(r.stderr))
        throw new Error(`npm failed, but not on the peer range:\n${r.stderr}`);
      return "(npm: ERESOLVE, the peer range of @aio/loop)";
    },
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
