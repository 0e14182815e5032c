/** Every ```ts example of this package's README runs, against a real Redis (REDIS_URL). */
import { type RedisServer, readmeExamples, startRedis } from "@aio/test-support";
import { afterAll, beforeAll } from "vitest";

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedis();
  process.env.REDIS_URL = redis.url;
});
afterAll(async () => {
  await redis?.stop();
});

readmeExamples(new URL("../README.md", import.meta.url));
