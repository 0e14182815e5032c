import { defineConfig } from "tsup";
import { aioPackage } from "../../tsup.base.js";

export default defineConfig(aioPackage(["src/index.ts", "src/cli.ts"], { external: ["bullmq", "ioredis"] }));
