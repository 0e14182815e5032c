/**
 * The differential programs in a browser: bundles the cases of some directories for the browser
 * (esbuild's browser platform: the core's `#platform` module resolves to its browser version, nothing
 * aliased) into one script that runs every case in a page and leaves the results in
 * `globalThis.__aioResults`.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import type { CaseResult } from "./run-cases.js";

const here = dirname(fileURLToPath(import.meta.url));

/** One case's outcome in the page. */
export type BrowserResult = CaseResult;

/** The bundled script (an ES module) that runs the cases of `dirs` and stores their results. */
export async function browserBundle(dirs: string[]): Promise<string> {
  const cases = dirs.flatMap((dir) =>
    readdirSync(dir)
      .filter((f) => f.endsWith(".ts"))
      .sort()
      .map((f) => ({
        name: f.slice(0, -3),
        file: join(dir, f),
        out: readFileSync(join(dir, `${f.slice(0, -3)}.out`), "utf8"),
      })),
  );
  const entry = [
    `import { runCases } from ${JSON.stringify(join(here, "run-cases.ts"))};`,
    ...cases.map((c, i) => `import case${i} from ${JSON.stringify(c.file)};`),
    "globalThis.__aioResults = await runCases([",
    ...cases.map((c, i) => `  [${JSON.stringify(c.name)}, case${i}, ${JSON.stringify(c.out)}],`),
    "]);",
  ].join("\n");
  const result = await build({
    stdin: { contents: entry, resolveDir: here, loader: "ts", sourcefile: "browser-entry.ts" },
    bundle: true,
    write: false,
    format: "esm",
    platform: "browser",
    target: "es2022",
    conditions: ["aio-source"],
    keepNames: true,
    alias: {
      // The cases take only the harness (print, py, tuple, ValueError) from the runner's package.
      "@aio/differential": join(here, "harness.ts"),
    },
    logLevel: "silent",
  });
  return result.outputFiles[0]?.text ?? "";
}
