import { execFileSync } from "node:child_process";
import { FileNotFoundError, ProcessLookupError } from "@aio/fs";
import { createTask, sleep, TimeoutError, waitFor } from "@aio/task";
import { describe, expect, it } from "vitest";
import {
  createSubprocessExec,
  createSubprocessShell,
  DEVNULL,
  PIPE,
  type Popen,
  type Process,
  STDOUT,
  SubprocessProtocol,
  subprocessExec,
} from "../src/index.js";
import { inLoop, scratch } from "./helpers.js";

describe("createSubprocessExec and createSubprocessShell", () => {
  it("communicate() gives stdout and stderr; returncode is the exit status", async () => {
    await inLoop(function* () {
      const proc = yield* createSubprocessExec("sh", "-c", "echo out; echo err >&2; exit 3", {
        stdout: PIPE,
        stderr: PIPE,
      });
      expect(proc.pid).toBeGreaterThan(0);
      expect(proc.returncode).toBeNull();
      const [out, err] = yield* proc.communicate();
      expect(out?.toString()).toBe("out\n");
      expect(err?.toString()).toBe("err\n");
      expect(proc.returncode).toBe(3);
      expect(yield* proc.wait()).toBe(3);
    });
  });

  it("communicate(input) feeds stdin while both outputs are read: 8 MiB through cat, 4 MiB on stderr, no deadlock", async () => {
    await inLoop(function* () {
      const input = Buffer.alloc(8 << 20, 97);
      const proc = yield* createSubprocessShell("cat; head -c 4194304 /dev/zero >&2", {
        stdin: PIPE,
        stdout: PIPE,
        stderr: PIPE,
      });
      const [out, err] = yield* proc.communicate(input);
      expect(out?.equals(input)).toBe(true);
      expect(err?.length).toBe(4 << 20);
      expect(proc.returncode).toBe(0);
    });
  });

  it("stdin is a StreamWriter and stdout a StreamReader: a conversation line by line", async () => {
    await inLoop(function* () {
      const proc = yield* createSubprocessExec("sh", "-c", 'while read x; do echo "got $x"; done', {
        stdin: PIPE,
        stdout: PIPE,
      });
      const stdin = proc.stdin as NonNullable<Process["stdin"]>;
      const stdout = proc.stdout as NonNullable<Process["stdout"]>;
      for (const word of ["one", "two"]) {
        stdin.write(`${word}\n`);
        yield* stdin.drain();
        expect((yield* stdout.readline()).toString()).toBe(`got ${word}\n`);
      }
      stdin.close();
      expect(yield* proc.wait()).toBe(0);
      expect((yield* stdout.read()).length).toBe(0);
    });
  });

  it("stderr=STDOUT merges the two in order; DEVNULL discards; stdout of null is the parent's", async () => {
    await inLoop(function* () {
      const merged = yield* createSubprocessShell("echo a; echo b >&2; echo c", {
        stdout: PIPE,
        stderr: STDOUT,
      });
      expect(merged.stderr).toBeNull();
      const [out, err] = yield* merged.communicate();
      expect(out?.toString()).toBe("a\nb\nc\n");
      expect(err).toBeNull();
      const quiet = yield* createSubprocessShell("echo hidden; echo hidden >&2", {
        stdout: DEVNULL,
        stderr: DEVNULL,
      });
      expect(quiet.stdout).toBeNull();
      expect(yield* quiet.communicate()).toEqual([null, null]);
      expect(quiet.returncode).toBe(0);
    });
  });

  it("terminate() and kill() end the child; returncode is minus the signal, as Python's", async () => {
    await inLoop(function* () {
      const a = yield* createSubprocessExec("sleep", "30");
      a.terminate();
      expect(yield* a.wait()).toBe(-15);
      const b = yield* createSubprocessExec("sleep", "30");
      b.kill();
      expect(yield* b.wait()).toBe(-9);
      // After exit (its pipes closed, the transport finished): ProcessLookupError, as CPython 3.12.
      expect(() => b.kill()).toThrow(ProcessLookupError);
      expect(() => b.sendSignal("SIGTERM")).toThrow(ProcessLookupError);
      expect(b.returncode).toBe(-9);
    });
  });

  it("a cancelled wait() leaves the child running, as in Python", async () => {
    await inLoop(function* () {
      const proc = yield* createSubprocessExec("sleep", "0.3");
      let timedOut = false;
      try {
        yield* waitFor(proc.wait(), 0.05);
      } catch (err) {
        timedOut = err instanceof TimeoutError;
      }
      expect(timedOut).toBe(true);
      expect(proc.returncode).toBeNull();
      expect(yield* proc.wait()).toBe(0);
    });
  });

  it("a child killed in the middle of communicate(): what it wrote, and its returncode", async () => {
    await inLoop(function* () {
      const proc = yield* createSubprocessShell("echo started; exec sleep 30", { stdout: PIPE });
      const talk = createTask(proc.communicate());
      yield* sleep(0.2);
      proc.kill();
      const [out] = yield* talk;
      expect(out?.toString()).toBe("started\n");
      expect(proc.returncode).toBe(-9);
    });
  });

  it("cwd and env reach the child", async () => {
    const dir = scratch();
    await inLoop(function* () {
      const proc = yield* createSubprocessShell('pwd; echo "$GREETING"', {
        stdout: PIPE,
        cwd: dir,
        env: { PATH: process.env.PATH, GREETING: "hej" },
      });
      const [out] = yield* proc.communicate();
      expect(out?.toString()).toBe(`${dir}\nhej\n`);
    });
  });

  it("a creation cancelled while the child starts kills the child, as asyncio", async () => {
    const marker = `aio-cancelled-${process.pid}-${Date.now()}`;
    await inLoop(function* () {
      const task = createTask(
        createSubprocessExec("/usr/bin/python3", "-c", "import time; time.sleep(3600)", marker),
      );
      yield* sleep(0);
      task.cancel();
      let cancelled = false;
      try {
        yield* task;
      } catch {
        cancelled = true;
      }
      expect(cancelled).toBe(true);
      let running = true;
      for (let i = 0; i < 100 && running; i++) {
        yield* sleep(0.02);
        running = execFileSync("ps", ["-eo", "args"]).toString().includes(marker);
      }
      expect(running).toBe(false);
    });
  });

  it("text mode is refused with Python's ValueError (RangeError)", async () => {
    await inLoop(function* () {
      for (const options of [{ text: true }, { encoding: "utf-8" }, { errors: "strict" }]) {
        let caught: unknown;
        try {
          yield* createSubprocessShell("true", options as never);
        } catch (err) {
          caught = err;
        }
        expect(caught).toBeInstanceOf(RangeError);
      }
    });
  });

  it("a program that does not exist raises FileNotFoundError with Python's text", async () => {
    await inLoop(function* () {
      let caught: unknown;
      try {
        yield* createSubprocessExec("no-such-program-aio");
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(FileNotFoundError);
      expect((caught as Error).message).toBe("[Errno 2] No such file or directory: 'no-such-program-aio'");
    });
  });

  it("refuses unknown options and bad stdio targets", async () => {
    await inLoop(function* () {
      let caught: unknown;
      try {
        yield* createSubprocessExec("true", { shell: true } as never);
      } catch (err) {
        caught = err;
      }
      // As CPython: `shell` reaches loop.subprocess_exec, which refuses it.
      expect(caught).toBeInstanceOf(RangeError);
      expect((caught as Error).message).toBe("shell must be False");
      caught = undefined;
      try {
        yield* createSubprocessExec("true", { shel: true } as never);
      } catch (err) {
        caught = err;
      }
      expect((caught as Error).message).toBe(
        "create_subprocess_exec() got an unexpected keyword argument 'shel'",
      );
      caught = undefined;
      try {
        yield* createSubprocessShell("true", { stdout: -7 });
      } catch (err) {
        caught = err;
      }
      expect((caught as Error).message).toBe(
        "stdout must be PIPE, DEVNULL, a file descriptor or None, got -7",
      );
      caught = undefined;
      try {
        yield* createSubprocessExec("true", 42 as never);
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(TypeError);
    });
  });
});

describe('subprocessExec\'s Popen (getExtraInfo("subprocess"))', () => {
  it("poll() is null while the child runs; wait(timeout) gives up with the command's name; both see the exit", async () => {
    await inLoop(function* () {
      const [transport] = yield* subprocessExec(() => new SubprocessProtocol(), "sleep", "30", {
        stdin: null,
        stdout: null,
        stderr: null,
      });
      const popen = transport.getExtraInfo<Popen>("subprocess") as Popen;
      expect(popen.pid).toBe(transport.getPid());
      expect(popen.args).toEqual(["sleep", "30"]);
      expect(popen.poll()).toBeNull();
      expect(() => popen.wait(0.05)).toThrow("Command ['sleep', '30'] timed out after 0.05 seconds");
      popen.kill();
      // A blocking wait sees the exit before the loop does (the child is a zombie until Node reaps it).
      expect(popen.wait()).toBe(-9);
      expect(popen.poll()).toBe(-9);
      expect(popen.returncode).toBe(-9);
      expect(transport.getReturncode()).toBeNull();
      expect(yield* transport._wait()).toBe(-9);
      transport.close();
    });
  });
});
