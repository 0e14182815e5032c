import { defineConfig } from "tsup";
import { aioPackage } from "../../tsup.base.js";

export default defineConfig(
  aioPackage(["src/index.ts", "src/worker.mjs"], {
    dts: { entry: "src/index.ts", compilerOptions: { stripInternal: true } },
    external: ["piscina"],
  }),
);
