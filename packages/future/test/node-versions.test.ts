/**
 * This package's suite on the other Node versions the core supports, 22 and 24 (npm's node
 * package, installed by tools/node-versions), as it runs on the workspace's Node 20: every test
 * file but this one must pass with none left out.
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { NODE_VERSIONS, runSuite } from "@aio/node-versions";
import { describe, expect, it } from "vitest";

const dir = join(dirname(fileURLToPath(import.meta.url)), "..");

describe("the suite on other Node versions", () => {
  for (const alias of NODE_VERSIONS) {
    it(`passes on ${alias}`, { timeout: 900_000 }, () => {
      const run = runSuite(alias, dir, ["test/node-versions.test.ts"]);
      expect(run.version).toMatch(new RegExp(`^v${alias.slice(4)}\\.`));
      expect(run.report, run.output.slice(-4000)).not.toBeNull();
      const r = run.report;
      expect(r?.numFailedTests, run.output.slice(-4000)).toBe(0);
      expect(r?.numFailedTestSuites, run.output.slice(-4000)).toBe(0);
      expect(r?.numTotalTests).toBeGreaterThan(0);
      expect(r?.numPassedTests).toBe(r?.numTotalTests);
      expect(run.status).toBe(0);
    });
  }
});
