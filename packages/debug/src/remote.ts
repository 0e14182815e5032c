/**
 * What `aio-debug ps PID` asks of another process: its tasks, as plain data. The process only
 * needs to have loaded `@aio/debug` (which puts {@link snapshot} under a global symbol); the CLI
 * reaches it through Node's inspector protocol.
 */
import { type EventLoop, runtimeState } from "./core.js";
import { type TaskInfo, taskTable } from "./graph.js";

/** A process's tasks. */
export interface Snapshot {
  pid: number;
  /** Loop time of the running loop, or null when no loop runs. */
  time: number | null;
  tasks: TaskInfo[];
}

/** This process's pending tasks (of the running loop), as `aio-debug ps` shows them. */
export function snapshot(): Snapshot {
  const loop = runtimeState.runningLoop as EventLoop | null;
  return { pid: process.pid, time: loop ? loop.time() : null, tasks: loop ? taskTable(loop) : [] };
}
