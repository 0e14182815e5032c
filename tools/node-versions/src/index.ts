// The other Node versions the core's suites run on: npm's `node` package (under the aliases node22
// and node24) fetches the platform's binary in its install script (allowed in pnpm-workspace.yaml's
// onlyBuiltDependencies) and links it as bin/node. This workspace has no scripts, so its
// node_modules/.bin/node (one of the two) never stands in for the Node that runs the workspace.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);

/** The Node versions besides the workspace's own, by alias. */
export const NODE_VERSIONS = ["node22", "node24"] as const;

/** vitest's JSON report, the parts the suites read. */
export interface SuiteReport {
  success: boolean;
  numTotalTests: number;
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  numFailedTestSuites: number;
}

/** One run of a suite on another Node. */
export interface SuiteRun {
  version: string;
  report: SuiteReport | null;
  output: string;
  status: number | null;
}

/** The path of the binary of `alias` (`node22`, `node24`); throws if its install did not fetch it. */
export function nodeBinary(alias: string): string {
  const bin = join(dirname(require.resolve(`${alias}/package.json`)), "bin", "node");
  if (!existsSync(bin))
    throw new Error(`${bin} is missing: its install script did not run (npm run bootstrap)`);
  return bin;
}

/**
 * Runs the vitest suite of the package in `dir` on the Node of `alias` (first on PATH too, for the
 * programs the tests start), leaving out the files of `exclude`. Returns the Node version, vitest's
 * JSON report, the output and the exit status.
 */
export function runSuite(alias: string, dir: string, exclude: string[] = [], timeoutMs = 900_000): SuiteRun {
  const node = nodeBinary(alias);
  const vitest = join(
    dirname(createRequire(join(dir, "package.json")).resolve("vitest/package.json")),
    "vitest.mjs",
  );
  const out = mkdtempSync(join(tmpdir(), `aio-${alias}-`));
  const report = join(out, "report.json");
  try {
    const version = spawnSync(node, ["--version"], { encoding: "utf8" }).stdout.trim();
    const args = [vitest, "run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`];
    for (const e of exclude) args.push("--exclude", e);
    const r = spawnSync(node, args, {
      cwd: dir,
      encoding: "utf8",
      timeout: timeoutMs,
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, PATH: `${dirname(node)}:${process.env.PATH}`, FORCE_COLOR: "0" },
    });
    const output = `${r.stdout}\n${r.stderr}`;
    const json = existsSync(report) ? (JSON.parse(readFileSync(report, "utf8")) as SuiteReport) : null;
    return { version, report: json, output, status: r.status };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/**
 * The test of a package's `test/node-versions.test.ts`: for each of {@link NODE_VERSIONS}, the
 * package in `dir` runs its vitest suite on that Node, every test file but `test/node-versions.test.ts`
 * and those of `exclude`, and every test must pass with none left out.
 */
export function describeOtherNodes(dir: string, exclude: string[] = []): void {
  describe("the suite on other Node versions", () => {
    for (const alias of NODE_VERSIONS) {
      it(`passes on ${alias}`, { timeout: 900_000 }, () => {
        const run = runSuite(alias, dir, ["test/node-versions.test.ts", ...exclude]);
        const tail = run.output.slice(-4000);
        expect(run.version).toMatch(new RegExp(`^v${alias.slice(4)}\\.`));
        expect(run.report, tail).not.toBeNull();
        const r = run.report;
        expect(r?.numFailedTests, tail).toBe(0);
        expect(r?.numFailedTestSuites, tail).toBe(0);
        expect(r?.numTotalTests).toBeGreaterThan(0);
        expect(r?.numPassedTests).toBe(r?.numTotalTests);
        expect(run.status).toBe(0);
      });
    }
  });
}
