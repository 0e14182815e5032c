/**
 * The Promise boundary: coroutines called from ordinary Promise code (toPromise), AbortSignals in
 * (run, createTask, toPromise) and out (task.signal, currentSignal), and a clear error instead of a
 * hang for a future that nothing will complete.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { getRunningLoop } from "@aio/loop";
import { runtimeState } from "@aio/loop/internal";
import { describe, expect, it } from "vitest";
import {
  CancelledError,
  type Coro,
  coroutine,
  createTask,
  currentSignal,
  currentTask,
  ensureFuture,
  gather,
  isCancelledError,
  run,
  sleep,
  toPromise,
} from "../src/index.js";

function* handler(n: number): Coro<string> {
  yield* sleep(0.01);
  return `handled ${n} on ${currentTask()?.getName()}`;
}

const sharedLoop = () =>
  (runtimeState.hooks as { sharedLoop?: { loop: { isRunning(): boolean } | null } }).sharedLoop?.loop;

describe("toPromise()", () => {
  it("runs coroutines from 100 concurrent Promise callers on a shared loop that stops when idle", async () => {
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) => toPromise(handler(i))));
    expect(results).toHaveLength(100);
    expect(results[42]).toMatch(/^handled 42 on Task-\d+$/);
    // Idle again: the shared loop stopped by itself (nothing keeps the process alive).
    await new Promise((r) => setImmediate(r));
    expect(sharedLoop()?.isRunning()).toBe(false);
    // And starts again on demand.
    expect(await toPromise(handler(7))).toMatch(/^handled 7/);
  });

  it("runs on the loop that is running when there is one (Promise code inside run())", async () => {
    function* main(): Coro<boolean> {
      const loop = getRunningLoop();
      const fromPromiseCode = yield* ensureFuture(
        (async () => {
          await new Promise((r) => setTimeout(r, 1));
          return toPromise(
            (function* () {
              return getRunningLoop() === loop;
            })(),
          );
        })(),
      );
      return fromPromiseCode;
    }
    expect(await run(main())).toBe(true);
  });

  it("cancels the task when its signal aborts, and rejects with the CancelledError", async () => {
    const controller = new AbortController();
    let cleanedUp = false;
    const pending = toPromise(
      (function* () {
        try {
          yield* sleep(30);
        } finally {
          cleanedUp = true;
        }
      })(),
      { signal: controller.signal },
    );
    setTimeout(() => controller.abort("caller gave up"), 5);
    const err = await pending.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CancelledError);
    expect((err as CancelledError).message).toBe("caller gave up");
    expect(cleanedUp).toBe(true);
    await expect(toPromise(handler(1), { signal: AbortSignal.abort("already") })).rejects.toThrow("already");
  });

  it("rejects with the abort reason as the CancelledError's cause", async () => {
    const controller = new AbortController();
    const reason = new Error("client disconnected");
    const pending = toPromise(sleep(30), { signal: controller.signal });
    setTimeout(() => controller.abort(reason), 5);
    const err = (await pending.catch((e: unknown) => e)) as CancelledError;
    expect(err).toBeInstanceOf(CancelledError);
    expect(err.cause).toBe(reason);
    expect(Object.keys(err)).not.toContain("cause");
    // Already aborted: the reason is the cause too, and a timeout's is its TimeoutError.
    const early = (await toPromise(sleep(30), { signal: AbortSignal.abort("already") }).catch(
      (e: unknown) => e,
    )) as CancelledError;
    expect(early).toBeInstanceOf(CancelledError);
    expect(early.cause).toBe("already");
    const timedOut = (await toPromise(sleep(1000), { signal: AbortSignal.timeout(5) }).catch(
      (e: unknown) => e,
    )) as CancelledError;
    expect(timedOut).toBeInstanceOf(CancelledError);
    expect((timedOut.cause as DOMException).name).toBe("TimeoutError");
    // Cancelled otherwise, with a signal that never aborted: no cause.
    const other = new AbortController();
    const own = (await toPromise(
      (function* () {
        yield* sleep(0);
        throw new CancelledError("by itself");
      })(),
      { signal: other.signal },
    ).catch((e: unknown) => e)) as CancelledError;
    expect(own).toBeInstanceOf(CancelledError);
    expect(Object.hasOwn(own, "cause")).toBe(false);
  });

  it("serves an HTTP handler: a client that disconnects aborts its signal and cancels the task", async () => {
    const events: string[] = [];
    let cancelled!: () => void;
    const taskCancelled = new Promise<void>((r) => {
      cancelled = r;
    });
    function* slowReply(): Coro<string> {
      try {
        yield* sleep(30);
        return "too late";
      } catch (e) {
        if (isCancelledError(e)) events.push("task cancelled");
        throw e;
      } finally {
        cancelled();
      }
    }
    const server = createServer(async (req, res) => {
      const controller = new AbortController();
      res.on("close", () => {
        if (!res.writableFinished) controller.abort(new Error("client disconnected"));
      });
      try {
        res.end(await toPromise(slowReply(), { signal: controller.signal }));
      } catch (e) {
        events.push(isCancelledError(e) ? "handler saw the cancellation" : String(e));
      }
      void req;
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const { port } = server.address() as AddressInfo;
      const client = new AbortController();
      const request = fetch(`http://127.0.0.1:${port}/`, { signal: client.signal }).catch(
        (e: Error) => e.name,
      );
      setTimeout(() => client.abort(), 50);
      expect(await request).toBe("AbortError");
      await taskCancelled;
      await new Promise((r) => setImmediate(r));
      expect(events).toEqual(["task cancelled", "handler saw the cancellation"]);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});

describe("AbortSignals in and out", () => {
  it("createTask(coro, { signal }) and run(coro, { signal }) cancel the task when the signal aborts", async () => {
    const outer = new AbortController();
    function* main(): Coro<string[]> {
      const inner = new AbortController();
      const t = createTask(sleep(10, "slept"), { signal: inner.signal });
      inner.abort("enough");
      const r = yield* ensureFuture(
        t.then(String, (e: unknown) => `${(e as Error).name}: ${(e as Error).message}`),
      );
      const never = createTask(sleep(10), { signal: AbortSignal.abort("before it ran") });
      const r2 = yield* ensureFuture(never.then(String, (e: unknown) => (e as Error).message));
      setTimeout(() => outer.abort("whole run"), 5);
      yield* sleep(10);
      return [r, r2];
    }
    const err = await run(main(), { signal: outer.signal }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CancelledError);
    expect((err as Error).message).toBe("whole run");
  });

  it("task.signal and currentSignal() abort when the task is cancelled, with the CancelledError", async () => {
    function* main() {
      let seen: AbortSignal | null = null;
      const t = createTask(
        (function* () {
          seen = currentSignal();
          yield* sleep(10);
        })(),
      );
      yield* sleep(0);
      expect((seen as AbortSignal | null)?.aborted).toBe(false);
      t.cancel("stop");
      expect((seen as AbortSignal | null)?.aborted).toBe(true);
      expect(((seen as unknown as AbortSignal).reason as Error).message).toBe("stop");
      const done = createTask(sleep(0));
      yield* done;
      expect(done.signal.aborted).toBe(false);
      expect(t.signal).toBe(seen);
      return "ok";
    }
    expect(await run(main(), { clock: "virtual" })).toBe("ok");
    expect(() => currentSignal()).toThrow("currentSignal() needs a running task: call it inside a coroutine");
  });
});

describe("awaiting what nothing will complete", () => {
  it("await on a task of a loop that does not run rejects with a clear error instead of hanging", async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on("warning", onWarning);
    try {
      const { resetRuntimeState } = await import("@aio/loop/testing");
      resetRuntimeState();
      const task = ensureFuture(handler(1)); // no running loop: asyncio's get_event_loop() path
      await expect(task).rejects.toThrow(
        /^cannot await <Task pending .*>: its loop is not running, so nothing will complete it\. /,
      );
      task.getLoop().close();
    } finally {
      process.off("warning", onWarning);
    }
  });
});

describe("no silent no-ops", () => {
  it("await on a coroutine object of the library fails loudly, saying to use yield* or toPromise", async () => {
    await expect((async () => await sleep(1))()).rejects.toThrow(
      new TypeError(
        "sleep() was awaited with await, which does not run it: inside a coroutine write yield* sleep(…); " +
          "from async code, await toPromise(sleep(…))",
      ),
    );
    const named = coroutine(function* fetchUser() {
      return "user";
    });
    await expect((async () => await named())()).rejects.toThrow(/^fetchUser\(\) was awaited with await/);
    // And toPromise is what runs it.
    expect(await toPromise(named())).toBe("user");
  });

  it("a plain function*: await is silent until an entry point has run one of its coroutines, then it fails loudly", async () => {
    function* fetchPage() {
      yield* sleep(0);
      return "page";
    }
    // What JavaScript does with a generator object: await gives it back, nothing runs (the lint
    // rule no-await-coroutine is what catches this one).
    const silent: unknown = await (fetchPage() as unknown as Promise<unknown>);
    expect(Object.prototype.toString.call(silent)).toBe("[object Generator]");
    // toPromise, run, createTask, gather… mark the function they were given a coroutine of.
    expect(await toPromise(fetchPage())).toBe("page");
    await expect((async () => await fetchPage())()).rejects.toThrow(
      new TypeError(
        "a coroutine was awaited with await, which does not run it: inside a coroutine write yield* coro; " +
          "from async code, await toPromise(coro)",
      ),
    );
    // yield* and the entry points still run it; the mark is that function's own: another plain
    // function* and an ordinary iterator are untouched.
    expect(
      await run(
        (function* () {
          return yield* fetchPage();
        })(),
      ),
    ).toBe("page");
    function* other() {
      return 2;
    }
    expect(Object.prototype.toString.call(await (other() as unknown as Promise<unknown>))).toBe(
      "[object Generator]",
    );
    function* numbers() {
      yield 1;
      yield 2;
    }
    expect([...numbers()]).toEqual([1, 2]);
    // A generator method, through gather and createTask.
    class Api {
      *get() {
        yield* sleep(0);
        return "got";
      }
    }
    const api = new Api();
    expect(
      await run(
        (function* () {
          const t = createTask(api.get());
          return yield* gather(t, api.get());
        })(),
      ),
    ).toEqual(["got", "got"]);
    await expect((async () => await api.get())()).rejects.toThrow(/^a coroutine was awaited with await/);
  });

  it("a coroutine() object awaited again after it finished raises Python's RuntimeError", async () => {
    const once = coroutine(function* once() {
      yield* sleep(0);
      return 1;
    });
    function* main() {
      const c = once();
      const first = yield* c;
      try {
        yield* c;
        return "awaited twice";
      } catch (e) {
        return `${first} then ${(e as Error).message}`;
      }
    }
    expect(await run(main(), { clock: "virtual" })).toBe("1 then cannot reuse already awaited coroutine");
  });
});
