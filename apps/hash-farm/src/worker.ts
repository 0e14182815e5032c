/**
 * A local worker process of the farm: `node src/worker.ts REDIS_URL QUEUE CONCURRENCY`. (On other
 * machines, `aio-jobs worker src/jobs.ts --redis URL --queue QUEUE` does the same.)
 */
import { serveJobs } from "@aio/queue-executor";
import { hashFile } from "./jobs.js";

const [connection = "redis://127.0.0.1:6379", queue = "hash-farm", concurrency = "2"] = process.argv.slice(2);
const server = serveJobs({ connection, queue, concurrency: Number(concurrency), jobs: { hashFile } });
for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => void server.close());
await server.whenReady();
process.stdout.write("ready\n");
await server.closed;
