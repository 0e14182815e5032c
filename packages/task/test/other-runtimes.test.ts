/**
 * The core on other runtimes: the differential programs of @aio/task and @aio/sync (which exercise
 * the loop, futures, tasks and the primitives) run on Bun and on Deno, installed from npm by the
 * workspace, and must print CPython's recordings exactly, as they do on Node.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const runner = join(root, "tools", "differential", "src", "other-runtime.ts");
const cases = [
  join(root, "packages", "task", "test", "differential", "cases"),
  join(root, "packages", "sync", "test", "differential", "cases"),
];

const RUNTIMES: [string, string[]][] = [
  ["bun", ["--conditions", "aio-source", runner, ...cases]],
  ["deno", ["run", "-A", "--sloppy-imports", "--conditions", "aio-source", runner, ...cases]],
];

describe("the differential programs on other runtimes", () => {
  for (const [runtime, args] of RUNTIMES) {
    it(`${runtime} prints every recording`, { timeout: 120_000 }, () => {
      const bin = join(root, "node_modules", ".bin", runtime);
      expect(existsSync(bin), `${bin}: the workspace installs ${runtime} from npm (npm run bootstrap)`).toBe(
        true,
      );
      const r = spawnSync(bin, args, {
        cwd: join(root, "tools", "differential"),
        encoding: "utf8",
        timeout: 110_000,
      });
      const lines = r.stdout.trim().split("\n");
      expect(
        lines.filter((l) => l.startsWith("FAIL")),
        r.stderr,
      ).toEqual([]);
      expect(lines.at(-1)).toMatch(/^(\d+) passed, 0 failed$/);
      expect(Number(/^(\d+)/.exec(lines.at(-1) ?? "")?.[1])).toBeGreaterThanOrEqual(62);
      expect(r.status).toBe(0);
    });
  }
});
