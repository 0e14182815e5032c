/**
 * Behaviour that shows only in a process of its own: Node's `beforeExit` (a real-clock run that can
 * never finish, never-awaited coroutines reported at the end) and Ctrl-C during `run()`.
 */
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const here = dirname(fileURLToPath(import.meta.url));

function start(fixture: string, args: string[] = []) {
  return spawn(
    process.execPath,
    ["--conditions=aio-source", "--import", "tsx", join(here, "fixtures", fixture), ...args],
    {
      cwd: join(here, ".."),
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
}

/** What the child printed: both streams as they came (`out`), and each apart. */
function collect(
  child: ReturnType<typeof start>,
): Promise<{ out: string; stdout: string; stderr: string; code: number | null }> {
  let out = "";
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => {
    out += d;
    stdout += d;
  });
  child.stderr.on("data", (d) => {
    out += d;
    stderr += d;
  });
  return new Promise((resolve) => child.on("close", (code) => resolve({ out, stdout, stderr, code })));
}

describe("in a process of its own", () => {
  it("a real-clock run that can never finish rejects with a DeadlockError naming what main waits on", async () => {
    const { out, code } = await collect(start("deadlock.ts"));
    expect(code).toBe(0);
    expect(out).toMatch(
      /^DeadlockError: runUntilComplete\(\) can never finish: <Task pending name='Task-1' coro=<waitsForNothing\(\) running at .*deadlock\.ts:\d+> wait_for=<Future pending cb=\[Task\.task_wakeup\(\)\]>/,
    );
  });

  it("sleep(Infinity) on the real clock never wakes: with nothing else left the run is a deadlock", async () => {
    const { out, code } = await collect(start("sleep-forever.ts"));
    expect(code).toBe(0);
    expect(out).toBe("DeadlockError: runUntilComplete() can never finish\n");
  });

  it("an unhandled rejection inside an ensureFuture factory fails its task; others still end the process", async () => {
    const factory = await collect(start("factory-rejection.ts"));
    expect(factory.out).toBe("finally ran\nrun rejected: lost in the factory\n");
    expect(factory.code).toBe(0);
    const unrelated = await collect(start("factory-rejection.ts", ["unrelated"]));
    expect(unrelated.out).toMatch(/Error: unrelated/);
    expect(unrelated.out).not.toMatch(/finally ran/);
    expect(unrelated.code).toBe(1);
  });

  it("toPromise() of a coroutine that can never finish rejects with a DeadlockError naming its task", async () => {
    const { out, code } = await collect(start("to-promise-deadlock.ts"));
    expect(out).toMatch(
      /^DeadlockError: toPromise\(\): <Task pending name='Task-\d+' coro=<waitsForever\(\) running at .*to-promise-deadlock\.ts:7> wait_for=<Future pending cb=\[Task\.task_wakeup\(\)\]> cb=\[settle\(\) at \S*to-promise\.[jt]s:\d+\]> can never finish: nothing is ready/,
    );
    expect(code).toBe(0);
  });

  it("a coroutine that was never awaited is reported when the program ends", async () => {
    const { out, code } = await collect(start("never-awaited.ts"));
    expect(code).toBe(0);
    expect(out).toMatch(/^main done\n\(node:\d+\) RuntimeWarning: coroutine 'forgotten' was never awaited\n/);
  });

  it("Ctrl-C cancels the main task: its finally runs and run() raises KeyboardInterrupt", async () => {
    const child = start("sigint.ts");
    const done = collect(child);
    await new Promise<void>((resolve) => {
      child.stdout.on("data", (d: Buffer) => {
        if (String(d).includes("ready")) resolve();
      });
    });
    child.kill("SIGINT");
    const { out, code } = await done;
    expect(out).toBe("ready\nmain's finally ran\nKeyboardInterrupt\n");
    expect(code).toBe(0);
  });

  it("a Ctrl-C handler set inside main replaces run()'s, as CPython's does", async () => {
    const child = start("sigint-own-handler.ts");
    const done = collect(child);
    await new Promise<void>((resolve) => {
      child.stdout.on("data", (d: Buffer) => {
        if (String(d).includes("ready")) resolve();
      });
    });
    child.kill("SIGINT");
    const { stdout, code } = await done;
    expect(stdout).toBe("ready\ngraceful shutdown requested\nstopped gracefully\n");
    expect(code).toBe(0);
  });

  it("a second Ctrl-C during run()'s shutdown interrupts it; the loop still closes and the tasks' finally blocks run", async () => {
    const child = start("sigint-twice.ts");
    const done = collect(child);
    let seen = "";
    const waitFor = (text: string) =>
      new Promise<void>((resolve) => {
        const check = (d: Buffer) => {
          seen += String(d);
          if (seen.includes(text)) {
            child.stdout.off("data", check);
            resolve();
          }
        };
        child.stdout.on("data", check);
      });
    await waitFor("ready");
    child.kill("SIGINT");
    await waitFor("cleaning up slowly");
    child.kill("SIGINT");
    const { stdout, stderr, code } = await done;
    expect(code).toBe(0);
    expect(stdout).toBe(
      "ready\nmain: finally\nbackground: cancelled, cleaning up slowly\nbackground: finally ran\nKeyboardInterrupt\n",
    );
    // The loop closed with the task still winding down, as CPython reports it.
    expect(stderr).toMatch(
      /^Task was destroyed but it is pending!\ntask: <Task cancelling name='Task-2' coro=<background\(\) done/,
    );
  });
});
