/**
 * @aio/queue-executor — an asyncio executor backed by a distributed job queue (BullMQ on Redis).
 * @packageDocumentation
 */

export { type Connection, parseRedisUrl } from "./connection.js";
export { JobLostError, RedisConnectionError, UnknownJobError } from "./errors.js";
export { JobFuture, QueueExecutor, type QueueExecutorOptions, type QueueJobOptions } from "./executor.js";
export { checkJson } from "./json.js";
export { type JobContext, type JobFunction, JobServer, type ServeJobsOptions, serveJobs } from "./worker.js";
