/**
 * The build every package shares: ESM for Node 20, declarations without `@internal` members, class
 * and function names kept (esbuild would otherwise print `[_CancelledError]` in console.log).
 */
import type { Options } from "tsup";

export function aioPackage(entry: string[], options: Options = {}): Options {
  return {
    entry,
    format: ["esm"],
    dts: { compilerOptions: { stripInternal: true } },
    sourcemap: true,
    clean: true,
    target: "node20",
    keepNames: true,
    ...options,
  };
}
