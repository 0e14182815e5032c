import { defineConfig } from "tsup";
import { aioPackage } from "../../tsup.base.js";

// The host's functions stay a separate module, `#platform` (package.json `imports`): Node's build
// or, under a bundler's `browser` condition, the browser's.
export default defineConfig(
  aioPackage(
    ["src/index.ts", "src/testing.ts", "src/internal.ts", "src/platform/node.ts", "src/platform/browser.ts"],
    { external: ["#platform"] },
  ),
);
