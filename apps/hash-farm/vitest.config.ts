import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { conditions: ["aio-source"] },
  ssr: { resolve: { conditions: ["aio-source"] } },
  test: { include: ["test/**/*.test.ts"], testTimeout: 60000 },
});
