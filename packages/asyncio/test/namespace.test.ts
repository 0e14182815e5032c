/**
 * The namespace has asyncio's public names (Python 3.12's `asyncio.__all__` that apply to
 * JavaScript), in camelCase, each the same object the separate packages export.
 */
import * as executor from "@aio/executor";
import * as future from "@aio/future";
import * as loop from "@aio/loop";
import * as loop_ from "@aio/loop";
import * as streams from "@aio/streams";
import * as sync from "@aio/sync";
import * as task from "@aio/task";
import { describe, expect, it } from "vitest";
import * as asyncio from "../src/index.js";

// asyncio.__all__ (3.12), as this package names them; the policies of child watchers are not here.
const PYTHON_NAMES: Record<string, string> = {
  run: "run",
  Runner: "Runner",
  sleep: "sleep",
  create_task: "createTask",
  gather: "gather",
  wait: "wait",
  wait_for: "waitFor",
  as_completed: "asCompleted",
  shield: "shield",
  timeout: "timeout",
  timeout_at: "timeoutAt",
  Timeout: "Timeout",
  TaskGroup: "TaskGroup",
  current_task: "currentTask",
  all_tasks: "allTasks",
  ensure_future: "ensureFuture",
  wrap_future: "wrapFuture",
  to_thread: "toThread",
  eager_task_factory: "eagerTaskFactory",
  create_eager_task_factory: "createEagerTaskFactory",
  iscoroutine: "isCoroutine",
  iscoroutinefunction: "isCoroutineFunction",
  isfuture: "isFuture",
  Future: "Future",
  Task: "Task",
  Handle: "Handle",
  TimerHandle: "TimerHandle",
  get_running_loop: "getRunningLoop",
  get_event_loop: "getEventLoop",
  set_event_loop: "setEventLoop",
  new_event_loop: "newEventLoop",
  get_event_loop_policy: "getEventLoopPolicy",
  set_event_loop_policy: "setEventLoopPolicy",
  AbstractEventLoop: "AbstractEventLoop",
  AbstractEventLoopPolicy: "AbstractEventLoopPolicy",
  DefaultEventLoopPolicy: "DefaultEventLoopPolicy",
  CancelledError: "CancelledError",
  InvalidStateError: "InvalidStateError",
  TimeoutError: "TimeoutError",
  Lock: "Lock",
  Event: "Event",
  Condition: "Condition",
  Semaphore: "Semaphore",
  BoundedSemaphore: "BoundedSemaphore",
  Barrier: "Barrier",
  BrokenBarrierError: "BrokenBarrierError",
  Queue: "Queue",
  PriorityQueue: "PriorityQueue",
  LifoQueue: "LifoQueue",
  QueueFull: "QueueFull",
  QueueEmpty: "QueueEmpty",
  QueueShutDown: "QueueShutDown",
  FIRST_COMPLETED: "FIRST_COMPLETED",
  FIRST_EXCEPTION: "FIRST_EXCEPTION",
  ALL_COMPLETED: "ALL_COMPLETED",
  // asyncio.streams, asyncio.protocols, asyncio.transports (@aio/streams)
  open_connection: "openConnection",
  start_server: "startServer",
  open_unix_connection: "openUnixConnection",
  start_unix_server: "startUnixServer",
  StreamReader: "StreamReader",
  StreamWriter: "StreamWriter",
  StreamReaderProtocol: "StreamReaderProtocol",
  IncompleteReadError: "IncompleteReadError",
  LimitOverrunError: "LimitOverrunError",
  BaseProtocol: "BaseProtocol",
  Protocol: "Protocol",
  BufferedProtocol: "BufferedProtocol",
  DatagramProtocol: "DatagramProtocol",
  SubprocessProtocol: "SubprocessProtocol",
  BaseTransport: "BaseTransport",
  ReadTransport: "ReadTransport",
  WriteTransport: "WriteTransport",
  Transport: "Transport",
  DatagramTransport: "DatagramTransport",
  SubprocessTransport: "SubprocessTransport",
  Server: "Server",
  AbstractServer: "AbstractServer",
  create_subprocess_exec: "createSubprocessExec",
  create_subprocess_shell: "createSubprocessShell",
};

describe("import * as asyncio", () => {
  it("installs asyncio's transport methods on every loop (loop.createConnection, loop.subprocessExec, …)", async () => {
    const loop = asyncio.newEventLoop();
    try {
      for (const name of loop_.IO_METHOD_NAMES) expect(typeof loop[name], name).toBe("function");
      class Collect extends asyncio.SubprocessProtocol {
        out = "";
        readonly done = loop.createFuture<void>() as asyncio.Future<void>;
        override pipeDataReceived(_fd: number, data: Buffer): void {
          this.out += data.toString();
        }
        override connectionLost(): void {
          this.done.setResult(undefined);
        }
      }
      const main = function* () {
        const [transport, protocol] = yield* loop.subprocessExec(() => new Collect(), "sh", "-c", "echo hi", {
          stdin: null,
        });
        expect(transport.getPid()).toBeGreaterThan(0);
        yield* protocol.done;
        return [transport.getReturncode(), protocol.out] as const;
      };
      expect(await loop.runUntilComplete(main())).toEqual([0, "hi\n"]);
    } finally {
      loop.close();
    }
  });

  it("has asyncio's names, in camelCase", () => {
    const missing = Object.entries(PYTHON_NAMES)
      .filter(([, ts]) => !(ts in asyncio))
      .map(([py]) => py);
    expect(missing).toEqual([]);
  });

  it("re-exports the separate packages' own objects, nothing of its own", () => {
    const sources = [executor, future, loop, streams, sync, task] as Record<string, unknown>[];
    for (const [name, value] of Object.entries(asyncio)) {
      expect(
        sources.some((m) => m[name] === value),
        name,
      ).toBe(true);
    }
    expect(asyncio.isFuture).toBe(future.isFuture);
  });
});
