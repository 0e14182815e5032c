/**
 * Port of CPython 3.12.1 Lib/test/test_asyncio/test_subprocess.py
 * (/root/.pyenv/versions/3.12.1/lib/python3.12/test/test_asyncio/test_subprocess.py), on real
 * child processes: `sys.executable` is Debian's `/usr/bin/python3`.
 *
 * Translation rules:
 * - Each test gets a fresh loop (`newEventLoop()`), set as the current one;
 *   `self.loop.run_until_complete(c)` is `await loop.runUntilComplete(c)`.
 * - SubprocessMixin's methods run upstream under each child watcher (SubprocessThreadedWatcherTests,
 *   SubprocessSafeWatcherTests, SubprocessFastWatcherTests, SubprocessPidfdWatcherTests) and under
 *   the Windows SubprocessProactorTests: Node's `child_process` has no child watchers, so they are
 *   ported once, as `SubprocessMixin`.
 * - `asyncio.create_subprocess_exec(*args, stdin=PIPE)` is
 *   `createSubprocessExec(...args, { stdin: PIPE })`; `loop.subprocess_exec(factory, *args)`, the
 *   protocol-level form, would be this package's `subprocessExec(factory, ...args)` (as
 *   `loop.create_connection` is `createConnection`), which it does not have: those tests fail.
 * - `close_fds=False` is dropped: Node's `spawn` hands the child only the descriptors of `stdio`
 *   (every other one is close-on-exec, as Python's non-inheritable descriptors), so it has no
 *   counterpart; `creationflags=0` (test_kill_issue43884) is Windows-only and 0.
 * - `os.pipe()` (test_stdin_broken_pipe) is a FIFO opened read-write (the end the child reads,
 *   passed with `passFds`) and write-only (the parent's end): Node has no `pipe()`.
 * - `mock.patch('subprocess.Popen')` is a `vi.mock` of `node:child_process` whose `spawn` a test
 *   can replace.
 * - Python's `ValueError` is `RangeError`, its `RuntimeError` is `Error`.
 */

import { execFileSync } from "node:child_process";
import { closeSync, constants as fsConstants, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BrokenPipeError, ConnectionResetError, ProcessLookupError } from "@aio/fs";
import type { Future } from "@aio/future";
import { type EventLoop, getRunningLoop, newEventLoop, repr, setEventLoop } from "@aio/loop";
import { CancelledError, type Coro, gather, sleep, waitFor } from "@aio/task";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as streams from "../../src/index.js";
import {
  createSubprocessExec,
  createSubprocessShell,
  DEVNULL,
  PIPE,
  SubprocessProtocol,
} from "../../src/index.js";

const spawnHook = vi.hoisted(() => ({ replace: null as null | ((...args: unknown[]) => unknown) }));
vi.mock("node:child_process", async (importOriginal) => {
  const original = await importOriginal<typeof import("node:child_process")>();
  return {
    ...original,
    spawn: (...args: unknown[]) =>
      spawnHook.replace !== null
        ? spawnHook.replace(...args)
        : (original.spawn as (...a: unknown[]) => unknown)(...args),
  };
});

export const NOT_APPLICABLE: Record<string, string> = {
  "MultiLoopChildWatcherTests.test_warns":
    "asyncio's child watchers (MultiLoopChildWatcher's DeprecationWarning): Node's child_process reaps its children itself, there is no watcher to make",
  "GenericWatcherTests.test_create_subprocess_fails_with_inactive_watcher":
    "a mock.create_autospec(AbstractChildWatcher) set with set_child_watcher(): Node has no child watchers to install or mock",
  "GenericWatcherTests.test_create_subprocess_with_pidfd":
    "PidfdChildWatcher installed with set_child_watcher() and asyncio.run in another thread (to_thread): child watchers, and a second loop in a thread, have no Node counterpart",
  "SubprocessMixin.test_create_subprocess_exec_with_path":
    "os_helper.FakePath is Python's os.PathLike protocol (__fspath__), which JavaScript has not: a program and its arguments are strings",
};

const PYTHON = "/usr/bin/python3";

/** A value Python would use as is (None there raises AttributeError): present, or the test fails. */
function must<T>(value: T | null | undefined): T {
  if (value === null || value === undefined) throw new TypeError("unexpected None");
  return value;
}
/** Program blocking */
const PROGRAM_BLOCKED = [PYTHON, "-c", "import time; time.sleep(3600)"];
/** Program copying input to output */
const PROGRAM_CAT = [
  PYTHON,
  "-c",
  ["import sys", "data = sys.stdin.buffer.read()", "sys.stdout.buffer.write(data)"].join(";"),
];
/** test.support.PIPE_MAX_SIZE */
const PIPE_MAX_SIZE = 4 * 1024 * 1024 + 1;
const b = (s: string) => Buffer.from(s, "latin1");
const SIGKILL = 9;
const SIGTERM = 15;
const SIGHUP = 1;

/** `self.assertRaises(E, self.loop.run_until_complete, coro)`: the error, checked to be an E. */
async function raises<E>(loop: EventLoop, cls: abstract new (...a: never[]) => E, coro: unknown): Promise<E> {
  try {
    await loop.runUntilComplete(coro as never);
  } catch (err) {
    expect(err).toBeInstanceOf(cls);
    return err as E;
  }
  throw new Error(`${cls.name} not raised`);
}

/** `with self.assertRaises(E): await …` inside a coroutine. */
function* assertRaises(
  cls: abstract new (...a: never[]) => unknown,
  body: () => Coro<unknown>,
): Coro<unknown> {
  try {
    yield* body();
  } catch (err) {
    expect(err).toBeInstanceOf(cls);
    return err;
  }
  throw new Error(`${cls.name} not raised`);
}

/** Python's `test_utils.run_briefly(loop)`: one short run of the loop. */
async function runBriefly(loop: EventLoop): Promise<void> {
  await loop.runUntilComplete(
    (function* () {
      yield;
    })(),
  );
}

/** The protocol-level `loop.subprocess_exec(factory, *args)`, which @aio/streams lacks. */
function subprocessExec(...args: unknown[]): Coro<[streams.SubprocessTransport, SubprocessProtocol]> {
  const fn = (streams as unknown as Record<string, unknown>).subprocessExec as (
    ...a: unknown[]
  ) => Coro<[streams.SubprocessTransport, SubprocessProtocol]>;
  return fn(...args);
}

describe("SubprocessTransportTests", () => {
  let loop: EventLoop;
  beforeEach(() => {
    loop = newEventLoop();
    setEventLoop(loop);
  });
  afterEach(() => {
    setEventLoop(null);
    loop.close();
  });

  /** base_subprocess.BaseSubprocessTransport, with `_start` giving a fake process. */
  function createTransport(waiter: Future<unknown> | null = null) {
    const Base = (streams as unknown as Record<string, unknown>).BaseSubprocessTransport as new (
      ...a: unknown[]
    ) => streams.SubprocessTransport & Record<string, unknown>;
    class TestSubprocessTransport extends Base {
      _start() {
        this._proc = { stdin: null, stdout: null, stderr: null, pid: -1 };
      }
    }
    const calls: Record<string, unknown[][]> = { connectionMade: [], processExited: [], connectionLost: [] };
    const protocol = {
      connectionMade: (...a: unknown[]) => must(calls.connectionMade).push(a),
      processExited: (...a: unknown[]) => must(calls.processExited).push(a),
      connectionLost: (...a: unknown[]) => must(calls.connectionLost).push(a),
      pipeDataReceived: () => {},
      pipeConnectionLost: () => {},
    };
    const transport = new TestSubprocessTransport(loop, protocol, ["test"], false, null, null, null, 0, {
      waiter,
    });
    return [transport, protocol, calls] as const;
  }

  // FAILS: @aio/streams has no BaseSubprocessTransport (and no loop.subprocess_exec): Process is
  // made on Node's ChildProcess directly, with no subprocess transport underneath.
  it("test_proc_exited", async () => {
    const waiter = loop.createFuture() as Future<unknown>;
    const [transport, , calls] = createTransport(waiter);
    (transport._processExited as (n: number) => void)(6);
    await loop.runUntilComplete(waiter);

    expect(transport.getReturncode()).toBe(6);

    expect(must(calls.connectionMade).length).toBeGreaterThan(0);
    expect(must(calls.processExited).length).toBeGreaterThan(0);
    expect(must(calls.connectionLost).length).toBeGreaterThan(0);
    expect(must(calls.connectionLost)[0]).toEqual([null]);

    expect(transport.isClosing()).toBe(false);
    expect(transport._loop ?? null).toBeNull();
    expect(transport._proc ?? null).toBeNull();
    expect(transport._protocol ?? null).toBeNull();

    // methods must raise ProcessLookupError if the process exited
    expect(() => transport.sendSignal("SIGTERM")).toThrow(ProcessLookupError);
    expect(() => transport.terminate()).toThrow(ProcessLookupError);
    expect(() => transport.kill()).toThrow(ProcessLookupError);

    transport.close();
  });

  // FAILS: @aio/streams has no BaseSubprocessTransport, so no transport repr
  // (`<TestSubprocessTransport pid=-1 returncode=6>`).
  it("test_subprocess_repr", async () => {
    const waiter = loop.createFuture() as Future<unknown>;
    const [transport] = createTransport(waiter);
    (transport._processExited as (n: number) => void)(6);
    await loop.runUntilComplete(waiter);

    expect(repr(transport)).toBe("<TestSubprocessTransport pid=-1 returncode=6>");
    transport._returncode = null;
    expect(repr(transport)).toBe("<TestSubprocessTransport pid=-1 running>");
    transport._pid = null;
    transport._returncode = null;
    expect(repr(transport)).toBe("<TestSubprocessTransport not started>");
    transport.close();
  });
});

describe("SubprocessMixin", () => {
  let loop: EventLoop;
  beforeEach(() => {
    loop = newEventLoop();
    setEventLoop(loop);
  });
  afterEach(() => {
    spawnHook.replace = null;
    setEventLoop(null);
    loop.close();
  });

  it("test_stdin_stdout", async () => {
    const args = PROGRAM_CAT;

    function* run(data: Buffer): Coro<[number, Buffer]> {
      const proc = yield* createSubprocessExec(...(args as [string, ...string[]]), {
        stdin: PIPE,
        stdout: PIPE,
      });

      // feed data
      must(proc.stdin).write(data);
      yield* must(proc.stdin).drain();
      must(proc.stdin).close();

      // get output and exitcode
      const out = yield* must(proc.stdout).read();
      const exitcode = yield* proc.wait();
      return [exitcode, out];
    }

    const task = waitFor(run(b("some data")), 60.0);
    const [exitcode, stdout] = await loop.runUntilComplete(task);
    expect(exitcode).toBe(0);
    expect(stdout).toEqual(b("some data"));
  });

  it("test_communicate", async () => {
    const args = PROGRAM_CAT;

    function* run(data: Buffer): Coro<[number | null, Buffer | null]> {
      const proc = yield* createSubprocessExec(...(args as [string, ...string[]]), {
        stdin: PIPE,
        stdout: PIPE,
      });
      const [stdout] = yield* proc.communicate(data);
      return [proc.returncode, stdout];
    }

    const task = waitFor(run(b("some data")), 300);
    const [exitcode, stdout] = await loop.runUntilComplete(task);
    expect(exitcode).toBe(0);
    expect(stdout).toEqual(b("some data"));
  });

  it("test_communicate_none_input", async () => {
    const args = PROGRAM_CAT;

    function* run(): Coro<[number | null, Buffer | null]> {
      const proc = yield* createSubprocessExec(...(args as [string, ...string[]]), {
        stdin: PIPE,
        stdout: PIPE,
      });
      const [stdout] = yield* proc.communicate();
      return [proc.returncode, stdout];
    }

    const task = waitFor(run(), 300);
    const [exitcode, stdout] = await loop.runUntilComplete(task);
    expect(exitcode).toBe(0);
    expect(stdout).toEqual(b(""));
  });

  it("test_shell", async () => {
    const proc = await loop.runUntilComplete(createSubprocessShell("exit 7"));
    const exitcode = await loop.runUntilComplete(proc.wait());
    expect(exitcode).toBe(7);
  });

  it("test_start_new_session", async () => {
    // start the new process in a new session
    const proc = await loop.runUntilComplete(createSubprocessShell("exit 8", { startNewSession: true }));
    const exitcode = await loop.runUntilComplete(proc.wait());
    expect(exitcode).toBe(8);
  });

  it("test_kill", async () => {
    const args = PROGRAM_BLOCKED;
    const proc = await loop.runUntilComplete(createSubprocessExec(...(args as [string, ...string[]])));
    proc.kill();
    const returncode = await loop.runUntilComplete(proc.wait());
    expect(returncode).toBe(-SIGKILL);
  });

  it("test_kill_issue43884", async () => {
    const blockingShellCommand = "sleep 1; sleep 1";
    const proc = await loop.runUntilComplete(createSubprocessShell(blockingShellCommand, { stdout: PIPE }));
    await loop.runUntilComplete(sleep(1));
    proc.kill();
    const returncode = await loop.runUntilComplete(proc.wait());
    expect(returncode).toBe(-SIGKILL);
  });

  it("test_terminate", async () => {
    const args = PROGRAM_BLOCKED;
    const proc = await loop.runUntilComplete(createSubprocessExec(...(args as [string, ...string[]])));
    proc.terminate();
    const returncode = await loop.runUntilComplete(proc.wait());
    expect(returncode).toBe(-SIGTERM);
  });

  it("test_send_signal", async () => {
    // bpo-31034: Make sure that we get the default signal handler (killing
    // the process). (Node leaves SIGHUP at its default in the children it spawns.)
    const code = 'import time; print("sleeping", flush=True); time.sleep(3600)';
    const args = [PYTHON, "-c", code];
    const proc = await loop.runUntilComplete(
      createSubprocessExec(...(args as [string, ...string[]]), { stdout: PIPE }),
    );

    function* sendSignal(): Coro<number> {
      // basic synchronization to wait until the program is sleeping
      const line = yield* must(proc.stdout).readline();
      expect(line).toEqual(b("sleeping\n"));

      proc.sendSignal("SIGHUP");
      const returncode = yield* proc.wait();
      return returncode;
    }

    const returncode = await loop.runUntilComplete(sendSignal());
    expect(returncode).toBe(-SIGHUP);
  });

  it("test_stdin_broken_pipe", async () => {
    // buffer large enough to feed the whole pipe buffer
    const largeData = Buffer.alloc(PIPE_MAX_SIZE, "x");

    // os.pipe(): a FIFO, read by the child, written by the parent
    const dir = mkdtempSync(join(tmpdir(), "aio-pipe-"));
    const fifo = join(dir, "fifo");
    execFileSync("mkfifo", [fifo]);
    const rfd = openSync(fifo, fsConstants.O_RDWR);
    const wfd = openSync(fifo, fsConstants.O_WRONLY | fsConstants.O_NONBLOCK);
    try {
      const code = `import os; fd = ${rfd}; os.read(fd, 1)`;

      // the program ends before the stdin can be fed
      const proc = await loop.runUntilComplete(
        createSubprocessExec(PYTHON, "-c", code, { stdin: PIPE, passFds: [rfd] }),
      );

      function* writeStdin(data: Buffer) {
        must(proc.stdin).write(data);
        // Only exit the child process once the write buffer is filled
        writeSync(wfd, b("go"));
        yield* must(proc.stdin).drain();
      }

      // drain() must raise BrokenPipeError or ConnectionResetError
      loop.setExceptionHandler(() => {});
      const err = await raises(loop, Error, writeStdin(largeData));
      expect(err instanceof BrokenPipeError || err instanceof ConnectionResetError).toBe(true);
      await loop.runUntilComplete(proc.wait());
    } finally {
      closeSync(rfd);
      closeSync(wfd);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("test_communicate_ignore_broken_pipe", async () => {
    // buffer large enough to feed the whole pipe buffer
    const largeData = Buffer.alloc(PIPE_MAX_SIZE, "x");

    // the program ends before the stdin can be fed
    const proc = await loop.runUntilComplete(createSubprocessExec(PYTHON, "-c", "pass", { stdin: PIPE }));

    // communicate() must ignore BrokenPipeError when feeding stdin
    loop.setExceptionHandler(() => {});
    await loop.runUntilComplete(proc.communicate(largeData));
    await loop.runUntilComplete(proc.wait());
  });

  // FAILS: Process has no subprocess transport (`proc._transport.get_pipe_transport(1)`) and
  // @aio/streams has no `loop.connect_read_pipe` to wrap, so the stdout pipe's transport cannot be
  // reached to see its pauseReading()/resumeReading() called.
  it("test_pause_reading", async () => {
    const limit = 10;
    const size = limit * 2 + 1;
    const calls = { pause: 0, resume: 0 };

    function* testPauseReading(): Coro<[Buffer | null, unknown]> {
      const code = ["import sys", `sys.stdout.write("x" * ${size})`, "sys.stdout.flush()"].join("\n");

      const loopAny = loop as unknown as Record<string, unknown>;
      // Python's `loop.connect_read_pipe` is a bound method.
      const connectReadPipe = loop.connectReadPipe.bind(loop) as unknown as (
        ...a: unknown[]
      ) => Coro<[Record<string, unknown>, unknown]>;

      function* connectReadPipeMock(...args: unknown[]) {
        const [transport, protocol] = yield* connectReadPipe(...args);
        transport.pauseReading = () => {
          calls.pause++;
        };
        transport.resumeReading = () => {
          calls.resume++;
        };
        return [transport, protocol];
      }

      loopAny.connectReadPipe = connectReadPipeMock;

      const proc = yield* createSubprocessExec(PYTHON, "-c", code, { stdin: PIPE, stdout: PIPE, limit });
      const stdoutTransport = (
        proc as unknown as { _transport: streams.SubprocessTransport }
      )._transport.getPipeTransport(1);

      const [stdout] = yield* proc.communicate();

      // The child process produced more than limit bytes of output,
      // the stream reader transport should pause the protocol to not
      // allocate too much memory.
      return [stdout, stdoutTransport];
    }

    // Issue #22685: Ensure that the stream reader pauses the protocol
    // when the child process produces too much data
    const [stdout] = await loop.runUntilComplete(testPauseReading());

    expect(stdout).toEqual(Buffer.alloc(size, "x"));
    expect(calls.pause).toBeGreaterThan(0);
    expect(calls.resume).toBeGreaterThan(0);
  });

  it("test_stdin_not_inheritable", async () => {
    // asyncio issue #209: stdin must not be inheritable, otherwise
    // the Process.communicate() hangs
    function* lenMessage(message: Buffer): Coro<[Buffer | null, number]> {
      const code = "import sys; data = sys.stdin.read(); print(len(data))";
      const proc = yield* createSubprocessExec(PYTHON, "-c", code, {
        stdin: PIPE,
        stdout: PIPE,
        stderr: PIPE,
      });
      const [stdout] = yield* proc.communicate(message);
      const exitcode = yield* proc.wait();
      return [stdout, exitcode];
    }

    const [output, exitcode] = await loop.runUntilComplete(lenMessage(b("abc")));
    expect(must(output).toString().trimEnd()).toBe("3");
    expect(exitcode).toBe(0);
  });

  it("test_empty_input", async () => {
    function* emptyInput(): Coro<[Buffer | null, number]> {
      const code = "import sys; data = sys.stdin.read(); print(len(data))";
      const proc = yield* createSubprocessExec(PYTHON, "-c", code, {
        stdin: PIPE,
        stdout: PIPE,
        stderr: PIPE,
      });
      const [stdout] = yield* proc.communicate(b(""));
      const exitcode = yield* proc.wait();
      return [stdout, exitcode];
    }

    const [output, exitcode] = await loop.runUntilComplete(emptyInput());
    expect(must(output).toString().trimEnd()).toBe("0");
    expect(exitcode).toBe(0);
  });

  it("test_devnull_input", async () => {
    function* emptyInput(): Coro<[Buffer | null, number]> {
      const code = "import sys; data = sys.stdin.read(); print(len(data))";
      const proc = yield* createSubprocessExec(PYTHON, "-c", code, {
        stdin: DEVNULL,
        stdout: PIPE,
        stderr: PIPE,
      });
      const [stdout] = yield* proc.communicate();
      const exitcode = yield* proc.wait();
      return [stdout, exitcode];
    }

    const [output, exitcode] = await loop.runUntilComplete(emptyInput());
    expect(must(output).toString().trimEnd()).toBe("0");
    expect(exitcode).toBe(0);
  });

  it("test_devnull_output", async () => {
    function* emptyOutput(): Coro<[Buffer | null, number]> {
      const code = "import sys; data = sys.stdin.read(); print(len(data))";
      const proc = yield* createSubprocessExec(PYTHON, "-c", code, {
        stdin: PIPE,
        stdout: DEVNULL,
        stderr: PIPE,
      });
      const [stdout] = yield* proc.communicate(b("abc"));
      const exitcode = yield* proc.wait();
      return [stdout, exitcode];
    }

    const [output, exitcode] = await loop.runUntilComplete(emptyOutput());
    expect(output).toBeNull();
    expect(exitcode).toBe(0);
  });

  it("test_devnull_error", async () => {
    function* emptyError(): Coro<[Buffer | null, number]> {
      const code = "import sys; data = sys.stdin.read(); print(len(data))";
      const proc = yield* createSubprocessExec(PYTHON, "-c", code, {
        stdin: PIPE,
        stdout: PIPE,
        stderr: DEVNULL,
      });
      const [, stderr] = yield* proc.communicate(b("abc"));
      const exitcode = yield* proc.wait();
      return [stderr, exitcode];
    }

    const [output, exitcode] = await loop.runUntilComplete(emptyError());
    expect(output).toBeNull();
    expect(exitcode).toBe(0);
  });

  // FAILS: the child's stdin is Node's `stdio: "pipe"`, a Unix socketpair, not a pipe:
  // open("/dev/stdin") in the child fails (ENXIO, "No such device or address"), so the child dies
  // with exit status 1 and empty stdout. asyncio gives the child an os.pipe() (a socketpair only on AIX).
  it.fails("test_devstdin_input", async () => {
    function* devstdinInput(message: Buffer): Coro<[Buffer | null, number]> {
      const code = 'file = open("/dev/stdin"); data = file.read(); print(len(data))';
      const proc = yield* createSubprocessExec(PYTHON, "-c", code, {
        stdin: PIPE,
        stdout: PIPE,
        stderr: PIPE,
      });
      const [stdout] = yield* proc.communicate(message);
      const exitcode = yield* proc.wait();
      return [stdout, exitcode];
    }

    const [output, exitcode] = await loop.runUntilComplete(devstdinInput(b("abc")));
    expect(must(output).toString().trimEnd()).toBe("3");
    expect(exitcode).toBe(0);
  });

  it("test_cancel_process_wait", async () => {
    // Issue #23140: cancel Process.wait()

    function* cancelWait() {
      const proc = yield* createSubprocessExec(...(PROGRAM_BLOCKED as [string, ...string[]]));

      // Create an internal future waiting on the process exit
      const task = loop.createTask(proc.wait());
      loop.callSoon(() => task.cancel());
      try {
        yield* task;
      } catch (err) {
        if (!(err instanceof CancelledError)) throw err;
      }

      // Cancel the future
      task.cancel();

      // Kill the process and wait until it is done
      proc.kill();
      yield* proc.wait();
    }

    await loop.runUntilComplete(cancelWait());
  });

  it("test_cancel_make_subprocess_transport_exec", async () => {
    function* cancelMakeTransport() {
      const coro = createSubprocessExec(...(PROGRAM_BLOCKED as [string, ...string[]]));
      const task = loop.createTask(coro);

      loop.callSoon(() => task.cancel());
      try {
        yield* task;
      } catch (err) {
        if (!(err instanceof CancelledError)) throw err;
      }
    }

    // ignore the log:
    // "Exception during subprocess creation, kill the subprocess"
    loop.setExceptionHandler(() => {});
    await loop.runUntilComplete(cancelMakeTransport());
  });

  // FAILS: @aio/streams has no loop.subprocess_exec (a SubprocessProtocol over a
  // SubprocessTransport), only createSubprocessExec's Process.
  it("test_cancel_post_init", async () => {
    function* cancelMakeTransport() {
      const coro = subprocessExec(() => new SubprocessProtocol(), ...PROGRAM_BLOCKED);
      const task = loop.createTask(coro);

      loop.callSoon(() => task.cancel());
      try {
        yield* task;
      } catch (err) {
        if (!(err instanceof CancelledError)) throw err;
      }
    }

    // ignore the log:
    // "Exception during subprocess creation, kill the subprocess"
    loop.setExceptionHandler(() => {});
    await loop.runUntilComplete(cancelMakeTransport());
    await runBriefly(loop);
  });

  // FAILS: no loop.subprocess_exec, so no SubprocessTransport whose close() kills a running child
  // (and no get_extra_info('subprocess')).
  it("test_close_kill_running", async () => {
    function* killRunning(): Coro<[number | null, boolean]> {
      const [transport] = yield* subprocessExec(() => new SubprocessProtocol(), ...PROGRAM_BLOCKED);

      let killCalled = false;
      const proc = transport.getExtraInfo("subprocess") as { kill(): void };
      const origKill = proc.kill.bind(proc);
      proc.kill = () => {
        killCalled = true;
        origKill();
      };
      const returncode = transport.getReturncode();
      transport.close();
      yield* waitFor((transport as unknown as { _wait(): Coro<number> })._wait(), 5);
      return [returncode, killCalled];
    }

    // Ignore "Close running child process: kill ..." log
    loop.setExceptionHandler(() => {});
    const [returncode, killed] = await loop.runUntilComplete(killRunning());
    expect(returncode).toBeNull();

    // transport.close() must kill the process if it is still running
    expect(killed).toBe(true);
    await runBriefly(loop);
  });

  // FAILS: no loop.subprocess_exec, so no SubprocessTransport (and no get_extra_info('subprocess')
  // giving a Popen whose wait()/poll() reap the child behind the transport's back).
  it("test_close_dont_kill_finished", async () => {
    function* killRunning(): Coro<[number | null, number | null, boolean]> {
      const [transport] = yield* subprocessExec(() => new SubprocessProtocol(), ...PROGRAM_BLOCKED);
      const proc = transport.getExtraInfo("subprocess") as {
        kill(): void;
        wait(): void;
        poll(): number | null;
      };

      // kill the process (but asyncio is not notified immediately)
      proc.kill();
      proc.wait();

      let killCalled = false;
      proc.kill = () => {
        killCalled = true;
      };
      const procReturncode = proc.poll();
      const transportReturncode = transport.getReturncode();
      transport.close();
      return [procReturncode, transportReturncode, killCalled];
    }

    loop.setExceptionHandler(() => {});
    const result = await loop.runUntilComplete(killRunning());
    await runBriefly(loop);

    const [procReturncode, transportReturnCode, killed] = result;

    expect(procReturncode).not.toBeNull();
    expect(transportReturnCode).toBeNull();

    // transport.close() must not kill the process if it finished, even if
    // the transport was not notified yet
    expect(killed).toBe(false);
  });

  /** `_test_popen_error`: Popen (Node's spawn) raises ZeroDivisionError. */
  function* testPopenError(stdin: number | null) {
    class ZeroDivisionError extends Error {
      override name = "ZeroDivisionError";
    }
    spawnHook.replace = () => {
      throw new ZeroDivisionError();
    };
    const warns: unknown[] = [];
    const onWarning = (w: unknown) => warns.push(w);
    process.on("warning", onWarning);
    try {
      yield* assertRaises(ZeroDivisionError, () => createSubprocessExec(PYTHON, "-c", "pass", { stdin }));
      yield* sleep(0);
      expect(warns).toEqual([]);
    } finally {
      process.off("warning", onWarning);
      spawnHook.replace = null;
    }
  }

  it("test_popen_error", async () => {
    // Issue #24763: check that the subprocess transport is closed
    // when BaseSubprocessTransport fails
    await loop.runUntilComplete(testPopenError(null));
  });

  it("test_popen_error_with_stdin_pipe", async () => {
    // Issue #35721: check that newly created socket pair is closed when
    // Popen fails
    await loop.runUntilComplete(testPopenError(PIPE));
  });

  it("test_read_stdout_after_process_exit", async () => {
    function* execute() {
      const code = [
        "import sys",
        "for _ in range(64):",
        '    sys.stdout.write("x" * 4096)',
        "sys.stdout.flush()",
        "sys.exit(1)",
      ].join("\n");

      const proc = yield* createSubprocessExec(PYTHON, "-c", code, { stdout: PIPE });

      for (;;) {
        const data = yield* must(proc.stdout).read(65536);
        if (data.length > 0) {
          yield* sleep(0.3);
        } else {
          break;
        }
      }
    }

    await loop.runUntilComplete(execute());
  });

  it("test_create_subprocess_exec_text_mode_fails", async () => {
    function* execute() {
      yield* assertRaises(RangeError, () => createSubprocessExec(PYTHON, { text: true } as never));

      yield* assertRaises(RangeError, () => createSubprocessExec(PYTHON, { encoding: "utf-8" } as never));

      yield* assertRaises(RangeError, () => createSubprocessExec(PYTHON, { errors: "strict" } as never));
    }

    await loop.runUntilComplete(execute());
  });

  it("test_create_subprocess_shell_text_mode_fails", async () => {
    function* execute() {
      yield* assertRaises(RangeError, () => createSubprocessShell(PYTHON, { text: true } as never));

      yield* assertRaises(RangeError, () => createSubprocessShell(PYTHON, { encoding: "utf-8" } as never));

      yield* assertRaises(RangeError, () => createSubprocessShell(PYTHON, { errors: "strict" } as never));
    }

    await loop.runUntilComplete(execute());
  });

  function* checkStdoutOutput(coro: Coro<streams.Process>, output: Buffer) {
    const proc = yield* coro;
    const [stdout] = yield* proc.communicate();
    expect(stdout).toEqual(output);
    expect(proc.returncode).toBe(0);
    const task = getRunningLoop().createTask(proc.wait());
    yield* sleep(0);
    expect(task.result()).toBe(proc.returncode);
  }

  it("test_create_subprocess_env_shell", async () => {
    function* main(): Coro<streams.Process> {
      const cmd = `${PYTHON} -c "import os, sys; sys.stdout.write(os.getenv('FOO'))"`;
      const env = { ...process.env };
      env.FOO = "bar";
      const proc = yield* createSubprocessShell(cmd, { env, stdout: PIPE });
      return proc;
    }

    await loop.runUntilComplete(checkStdoutOutput(main(), b("bar")));
  });

  it("test_create_subprocess_env_exec", async () => {
    function* main(): Coro<streams.Process> {
      const cmd = [PYTHON, "-c", "import os, sys; sys.stdout.write(os.getenv('FOO'))"];
      const env = { ...process.env };
      env.FOO = "baz";
      const proc = yield* createSubprocessExec(...(cmd as [string, ...string[]]), { env, stdout: PIPE });
      return proc;
    }

    await loop.runUntilComplete(checkStdoutOutput(main(), b("baz")));
  });

  it("test_subprocess_concurrent_wait", async () => {
    function* main() {
      const proc = yield* createSubprocessExec(...(PROGRAM_CAT as [string, ...string[]]), {
        stdin: PIPE,
        stdout: PIPE,
      });
      const [stdout] = yield* proc.communicate(b("some data"));
      expect(stdout).toEqual(b("some data"));
      expect(proc.returncode).toBe(0);
      expect(yield* gather(...Array.from({ length: 10 }, () => proc.wait()))).toEqual(
        Array(10).fill(proc.returncode),
      );
    }

    await loop.runUntilComplete(main());
  });

  // FAILS: @aio/streams has no loop.subprocess_exec, so a SubprocessProtocol's pipeDataReceived,
  // pipeConnectionLost and processExited are never called.
  it("test_subprocess_protocol_events", async () => {
    // gh-108973: Test that all subprocess protocol methods are called.
    // The protocol methods are not called in a determistic order.
    // The order depends on the event loop and the operating system.
    const events: (string | [string, number, string?])[] = [];
    const fds = [1, 2];
    const expected = [
      "pipe_data_received 1 stdout",
      "pipe_data_received 2 stderr",
      "pipe_connection_lost 1",
      "pipe_connection_lost 2",
      "process_exited",
    ];
    const perFdExpected = ["pipe_data_received", "pipe_connection_lost"];

    class MyProtocol extends SubprocessProtocol {
      constructor(readonly exitFuture: Future<boolean>) {
        super();
      }

      override pipeDataReceived(fd: number, data: Buffer): void {
        events.push(["pipe_data_received", fd, data.toString("latin1")]);
        this.exitMaybe();
      }

      override pipeConnectionLost(fd: number, _exc: Error | null): void {
        events.push(["pipe_connection_lost", fd]);
        this.exitMaybe();
      }

      override processExited(): void {
        events.push("process_exited");
        this.exitMaybe();
      }

      exitMaybe() {
        // Only exit when we got all expected events
        if (events.length >= expected.length) this.exitFuture.setResult(true);
      }
    }

    function* main() {
      const loop = getRunningLoop();
      const exitFuture = loop.createFuture<boolean>() as Future<boolean>;
      const code = 'import sys; sys.stdout.write("stdout"); sys.stderr.write("stderr")';
      const [transport] = yield* subprocessExec(() => new MyProtocol(exitFuture), PYTHON, "-c", code, {
        stdin: null,
      });
      yield* exitFuture;
      transport.close();

      return events;
    }

    const got = await loop.runUntilComplete(main());

    // First, make sure that we received all events
    const key = (e: string | [string, number, string?]) => (typeof e === "string" ? e : e.join(" "));
    expect(new Set(got.map(key))).toEqual(new Set(expected));

    // Second, check order of pipe events per file descriptor
    const perFdEvents: Record<number, string[]> = Object.fromEntries(fds.map((fd) => [fd, []]));
    for (const event of got) {
      if (event === "process_exited") continue;
      const [name, fd] = event as [string, number];
      must(perFdEvents[fd]).push(name);
    }

    for (const fd of fds) expect(perFdEvents[fd], String(fd)).toEqual(perFdExpected);
  });

  it("test_subprocess_communicate_stdout", async () => {
    // See https://github.com/python/cpython/issues/100133
    function* getCommandStdout(cmd: string, ...args: string[]): Coro<string> {
      const proc = yield* createSubprocessExec(cmd, ...args, { stdout: PIPE });
      const [stdout] = yield* proc.communicate();
      return must(stdout).toString().trim();
    }

    function* main() {
      const outputs = Array.from({ length: 10 }, (_, i) => `foo${i}`);
      const res = yield* gather(
        ...outputs.map((out) => getCommandStdout(PYTHON, "-c", `print(${JSON.stringify(out)})`)),
      );
      expect(res).toEqual(outputs);
    }

    await loop.runUntilComplete(main());
  });
});
