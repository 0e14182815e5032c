import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts", "src/worker.mjs"],
  format: ["esm"],
  dts: { entry: "src/index.ts" },
  sourcemap: true,
  clean: true,
  target: "node20",
  external: ["piscina"],
});
