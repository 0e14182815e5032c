/**
 * The build every package shares: ESM for Node 20, class and function names kept (esbuild would
 * otherwise print `[_CancelledError]` in console.log). The declarations are tsc's, one file per
 * module (`tsc -p tsconfig.build.json` after tsup, without `@internal` members): tsup's rollup into
 * one file turned `export * as web` into a namespace of aliases of unexported classes, which a
 * user's own declarations could not name (TS4023, TS4094).
 */
import type { Options } from "tsup";

export function aioPackage(entry: string[], options: Options = {}): Options {
  return {
    entry,
    format: ["esm"],
    dts: false,
    sourcemap: true,
    clean: true,
    target: "node20",
    keepNames: true,
    ...options,
  };
}
