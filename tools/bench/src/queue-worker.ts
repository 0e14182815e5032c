/**
 * A worker process of Q1/Q2 (src/queue.ts): `queue-worker.ts KIND REDIS_URL QUEUE CONCURRENCY`.
 * aio-tiny and aio-sha serve through @aio/queue-executor's serveJobs; bullmq-tiny is a bare BullMQ
 * Worker doing the same tiny job. Prints "ready" once it takes jobs; SIGTERM closes it.
 */
import { serveJobs } from "@aio/queue-executor";
import { Worker } from "bullmq";
import { iteratedSha256 } from "./workloads/types.js";

const [kind, url = "", queue = "", concurrency = "1"] = process.argv.slice(2);
const port = Number(new URL(url).port);
let close: () => Promise<void>;
if (kind === "bullmq-tiny") {
  const worker = new Worker(queue, async (job) => (job.data as { x: number }).x + 1, {
    connection: { host: "127.0.0.1", port },
    concurrency: Number(concurrency),
  });
  await worker.waitUntilReady();
  close = () => worker.close();
} else {
  const server = serveJobs({
    connection: url,
    queue,
    concurrency: Number(concurrency),
    jobs: kind === "aio-sha" ? { sha: iteratedSha256 } : { tiny: (x: number) => x + 1 },
  });
  await server.whenReady();
  close = () => server.close();
}
process.on(
  "SIGTERM",
  () =>
    void close().then(() => {
      // The CPU this worker used (ms), for the bench's breakdown.
      const u = process.cpuUsage();
      process.stdout.write(`cpu ${((u.user + u.system) / 1000).toFixed(0)}\n`);
      process.exit(0);
    }),
);
// The CPU used so far (starting, connecting), subtracted by the bench from the figure at exit.
const ready = process.cpuUsage();
process.stdout.write(`ready ${((ready.user + ready.system) / 1000).toFixed(0)}\n`);
