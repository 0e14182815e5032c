/**
 * coroutine.ts, ensure-future.ts and runner.ts: what their Stryker run (session 5a, see MUTATION.md)
 * left alive. A loop's close reports only its own never-awaited coroutines; debug mode's task
 * stacks; `then()` of a coroutine object; which prototypes an entry point marks; ensureFuture()'s
 * argument checks; a Promise rejected and never handled inside an ensureFuture factory's work;
 * fromPromise()'s loop and trace name; a Runner with a loopFactory; run()'s shutdown of the default
 * executor and of leftover tasks; run() from a running loop.
 */
import { getEventLoop, getRunningLoop, newEventLoop, runtimeHooks, setEventLoop } from "@aio/loop";
import { runtimeState, type Tracer } from "@aio/loop/internal";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  type Coro,
  coroutine,
  createTask,
  ensureFuture,
  type Future,
  fromPromise,
  Runner,
  reportNeverAwaited,
  run,
  sleep,
} from "../src/index.js";

function collectWarnings(body: (seen: string[]) => Promise<void> | void) {
  return async () => {
    const hooks = runtimeHooks();
    const saved = hooks.warn;
    const seen: string[] = [];
    reportNeverAwaited(); // what other test files left behind
    hooks.warn = (category, message) => seen.push(`${category}: ${message}`);
    try {
      await body(seen);
    } finally {
      hooks.warn = saved;
    }
  };
}

describe("coroutine(): never awaited", () => {
  it(
    "a loop's close reports the coroutines created while that loop ran, not another loop's",
    collectWarnings(async (seen) => {
      const forgottenInB = coroutine(function* forgotten_in_b() {});
      const a = newEventLoop();
      const b = newEventLoop();
      await b.runUntilComplete(
        b.createTask(
          (function* () {
            forgottenInB();
          })(),
        ),
      );
      a.close();
      expect(seen).toEqual([]);
      b.close();
      expect(seen).toEqual(["RuntimeWarning: coroutine 'forgotten_in_b' was never awaited"]);
    }),
  );
});

describe("debug mode's task stacks", () => {
  it("a coroutine created before the debug loop ran is not traced: the stack names the task's coroutine", async () => {
    const inner = coroutine(function* inner_before() {
      yield* sleep(1);
    });
    const outer = coroutine(function* outer_before(child: Coro<void>) {
      yield* child;
    });
    const main = outer(inner()); // created outside any loop: not in debug mode
    let seen: string[] = [];
    await run(
      (function* () {
        const t = createTask(main);
        yield* sleep(0);
        seen = t.getStack();
        t.cancel();
      })(),
      { clock: "virtual", debug: true },
    );
    expect(seen).toEqual([
      expect.stringMatching(/^outer_before\(\) defined at .*mutation-coroutine-runner\.test/),
    ]);
  });

  it("a marked coroutine stepped by hand outside a task does not leak its chain into the next task's stack", async () => {
    const byHand = coroutine(function* stepped_by_hand() {
      yield;
    });
    let seen: string[] = [];
    await run(
      (function* () {
        getRunningLoop().callSoon(() => {
          byHand().next(); // suspends: a chain is captured, outside any task's step
        });
        // Its first step comes right after that callback.
        const t = createTask(
          (function* plain_generator() {
            yield* sleep(1);
          })(),
        );
        yield* sleep(0);
        seen = t.getStack();
        t.cancel();
      })(),
      { clock: "virtual", debug: true },
    );
    expect(seen).toEqual(["plain_generator()"]);
  });
});

describe("await on a coroutine object", () => {
  const named = coroutine(function* named_one() {});
  const message =
    "named_one() was awaited with await, which does not run it: inside a coroutine write yield* named_one(…); from async code, await toPromise(named_one(…))";

  it("its then() rejects through the callback it is given, and throws when given none", () => {
    const coro = named();
    const seen: unknown[] = [];
    expect(
      (coro as unknown as PromiseLike<unknown>).then(undefined, (e) => {
        seen.push(e);
      }),
    ).toBeUndefined();
    expect(seen).toEqual([new TypeError(message)]);
    expect(() => (coro as unknown as { then(): void }).then()).toThrow(new TypeError(message));
    coro.return(undefined);
  });
});

describe("refuseAwaitOf: what an entry point marks", () => {
  it("leaves alone the prototype of a coroutine-like object that is not a generator", async () => {
    class Countdown {
      n = 2;
      next(): IteratorResult<undefined, string> {
        return this.n-- > 0 ? { value: undefined, done: false } : { value: "lift-off", done: true };
      }
      throw(err: unknown): IteratorResult<undefined, string> {
        throw err;
      }
      return(value: string): IteratorResult<undefined, string> {
        return { value, done: true };
      }
      [Symbol.iterator]() {
        return this;
      }
    }
    const result = await run(
      (function* () {
        return yield* createTask(new Countdown() as unknown as Coro<string>);
      })(),
    );
    expect(result).toBe("lift-off");
    expect(Object.hasOwn(Countdown.prototype, "then")).toBe(false);
    // So an instance is not a thenable: await gives it back as it is.
    const c = new Countdown();
    expect(await Promise.resolve(c)).toBe(c);
  });

  it("runs a coroutine-like object without a prototype", async () => {
    let steps = 0;
    const bare = Object.assign(Object.create(null) as object, {
      next: () => (steps++ === 0 ? { value: undefined, done: false } : { value: "bare", done: true }),
      throw: (err: unknown) => {
        throw err;
      },
      return: (value: unknown) => ({ value, done: true }),
      [Symbol.iterator]() {
        return this;
      },
    });
    const result = await run(
      (function* () {
        return yield* createTask(bare as Coro<string>);
      })(),
    );
    expect(result).toBe("bare");
    expect(Object.getPrototypeOf(bare)).toBe(null);
  });

  it("runs a coroutine whose generator function's prototype is frozen, and leaves it frozen", async () => {
    function* frozen_proto() {
      yield* sleep(0);
      return "ran";
    }
    Object.freeze(frozen_proto.prototype);
    const result = await run(
      (function* () {
        return yield* createTask(frozen_proto());
      })(),
      { clock: "virtual" },
    );
    expect(result).toBe("ran");
    expect(Object.hasOwn(frozen_proto.prototype, "then")).toBe(false);
  });

  it("marks a generator function's own prototype, so a later await of its coroutine objects fails loudly", async () => {
    function* plain_gen() {
      return 1;
    }
    await run(plain_gen());
    expect(typeof (plain_gen() as unknown as { then?: unknown }).then).toBe("function");
  });
});

const later = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Until every factory's work has ended: ensureFuture's listener is gone (one turn after the last). */
const drained = () =>
  vi.waitFor(() => expect(process.listenerCount("unhandledRejection")).toBe(0), {
    timeout: 5000,
    interval: 5,
  });

// The test runner listens for unhandled rejections and uncaught exceptions itself (it reports them
// as errors of the run). These tests set its listeners aside, to see what the process would see.
describe("ensureFuture(factory): a Promise rejected and never handled inside the factory's work", () => {
  type Listener = (...args: unknown[]) => void;
  const events = ["unhandledRejection", "uncaughtException"] as const;
  let saved: Map<(typeof events)[number], Listener[]>;
  let savedNodeOptions: string | undefined;
  const uncaught: unknown[] = [];
  const onUncaught = (err: unknown) => uncaught.push(err);
  beforeEach(() => {
    saved = new Map();
    for (const ev of events) {
      saved.set(ev, process.listeners(ev as "uncaughtException") as Listener[]);
      process.removeAllListeners(ev);
    }
    process.on("uncaughtException", onUncaught);
    uncaught.length = 0;
    savedNodeOptions = process.env.NODE_OPTIONS;
  });
  afterEach(async () => {
    await drained();
    process.off("uncaughtException", onUncaught);
    for (const [ev, ls] of saved) for (const l of ls) process.on(ev as "uncaughtException", l as Listener);
    if (savedNodeOptions === undefined) delete process.env.NODE_OPTIONS;
    else process.env.NODE_OPTIONS = savedNodeOptions;
  });

  it("fails the factory's future, aborts its signal, and the listener goes once no factory runs", async () => {
    let aborted: unknown;
    const result = await run(
      (function* () {
        try {
          return yield* ensureFuture(async (signal) => {
            void Promise.reject(new Error("lost in the factory"));
            await later(50);
            aborted = signal.reason;
            return "finished";
          });
        } catch (e) {
          return `failed: ${(e as Error).message}`;
        }
      })(),
    );
    expect(result).toBe("failed: lost in the factory");
    await drained();
    expect(aborted).toEqual(new Error("lost in the factory"));
    expect(uncaught).toEqual([]);
  });

  it("a rejection that is not the factory's ends the process as Node does (an uncaught exception)", async () => {
    const result = await run(
      (function* () {
        const work = ensureFuture(async () => {
          await later(50);
          return "finished";
        });
        void Promise.reject(new Error("unrelated"));
        return yield* work;
      })(),
    );
    await later(20);
    expect(result).toBe("finished");
    expect(uncaught).toEqual([new Error("unrelated")]);
  });

  it("a non-Error reason comes out as an Error carrying the promise", async () => {
    let rejected: Promise<unknown> | undefined;
    await run(
      (function* () {
        const work = ensureFuture(async () => {
          await later(50);
        });
        rejected = Promise.reject("plain text");
        return yield* work;
      })(),
    );
    await later(20);
    expect(uncaught).toHaveLength(1);
    expect(uncaught[0]).toBeInstanceOf(Error);
    expect((uncaught[0] as Error).message).toBe("plain text");
    expect((uncaught[0] as { promise?: unknown }).promise).toBe(rejected);
  });

  it("a rejection that is not the factory's is left to the program's own listener", async () => {
    const mine: unknown[] = [];
    const listener = (reason: unknown) => mine.push(reason);
    process.on("unhandledRejection", listener);
    try {
      await run(
        (function* () {
          const work = ensureFuture(async () => {
            await later(50);
          });
          void Promise.reject(new Error("theirs"));
          return yield* work;
        })(),
      );
      await later(20);
    } finally {
      process.off("unhandledRejection", listener);
    }
    expect(mine).toEqual([new Error("theirs")]);
    expect(uncaught).toEqual([]);
  });

  for (const [mode, ends] of [
    ["--unhandled-rejections=warn", false],
    ["--unhandled-rejections=none", false],
    ["--unhandled-rejections=strict", true],
    ["--unhandled-rejections strict", true],
    ["--unhandled-rejections=throw", true],
  ] as const) {
    it(`follows Node's mode for a rejection that is not the factory's: ${mode}`, async () => {
      process.env.NODE_OPTIONS = mode;
      await run(
        (function* () {
          const work = ensureFuture(async () => {
            await later(50);
          });
          void Promise.reject(new Error("not the factory's"));
          return yield* work;
        })(),
      );
      await later(20);
      expect(uncaught).toEqual(ends ? [new Error("not the factory's")] : []);
    });
  }

  it("a factory that throws fails its future with the error", async () => {
    const result = await run(
      (function* () {
        try {
          return yield* ensureFuture((): Promise<string> => {
            throw new Error("thrown at once");
          });
        } catch (e) {
          return `failed: ${(e as Error).message}`;
        }
      })(),
    );
    expect(result).toBe("failed: thrown at once");
    await drained();
  });

  it("after its loop closed, a rejection in the work is dropped", async () => {
    const loop = newEventLoop();
    const fut = ensureFuture(
      async () => {
        await later(10);
        void Promise.reject(new Error("too late"));
        await later(30);
        return "done";
      },
      { loop },
    );
    loop.close();
    await later(80);
    expect(uncaught).toEqual([]);
    expect(fut.done()).toBe(false);
  });

  it("a rejection inside a factory that returned no Promise is dropped (its future was never made)", async () => {
    const loop = newEventLoop();
    const other = ensureFuture(() => later(50), { loop }); // keeps the listener installed
    expect(() =>
      ensureFuture(
        (() => {
          void Promise.reject(new Error("no future for me"));
          return 42;
        }) as never,
        { loop },
      ),
    ).toThrow(new TypeError("ensureFuture(factory): the factory must return a Promise, got 42"));
    await later(80);
    expect(uncaught).toEqual([]);
    other.cancel();
    loop.close();
  });

  it("a factory's future settled first keeps its outcome when the rejection's failure comes", async () => {
    const errors: unknown[] = [];
    let fut: Future<string> | undefined;
    const result = await run(
      (function* () {
        const loop = getRunningLoop();
        loop.setExceptionHandler((_l, ctx) => errors.push(ctx.exception ?? ctx.message));
        fut = ensureFuture(async (signal) => {
          // The rejection below aborts the signal at once; the work settles the future first.
          signal.addEventListener("abort", () => loop.callSoonThreadsafe(() => fut?.setResult("first")));
          await later(10);
          void Promise.reject(new Error("second"));
          await later(30);
          return "never";
        });
        return yield* fut;
      })(),
    );
    expect(result).toBe("first");
    expect(errors).toEqual([]);
  });

  it("two factories at once: the listener stays until the last one ends", async () => {
    const result = await run(
      (function* () {
        const quick = ensureFuture(async () => "quick");
        const slow = ensureFuture(async () => {
          await later(30);
          void Promise.reject(new Error("slow one lost"));
          await later(30);
          return "slow";
        });
        const first = yield* quick;
        try {
          return `${first}, ${yield* slow}`;
        } catch (e) {
          return `${first}, failed: ${(e as Error).message}`;
        }
      })(),
    );
    expect(result).toBe("quick, failed: slow one lost");
    await drained();
    expect(uncaught).toEqual([]);
  });
});

describe("ensureFuture(): what is a Promise", () => {
  it("refuses null and undefined with asyncio's message", async () => {
    const errors = await run(
      (function* () {
        const out: unknown[] = [];
        for (const x of [null, undefined]) {
          try {
            ensureFuture(x as never);
          } catch (e) {
            out.push(e);
          }
        }
        return out;
      })(),
    );
    expect(errors).toEqual([
      new TypeError("An asyncio.Future, a coroutine or an awaitable is required"),
      new TypeError("An asyncio.Future, a coroutine or an awaitable is required"),
    ]);
    expect(errors.every((e) => e instanceof TypeError)).toBe(true);
  });

  it("a factory must return a Promise: null and undefined are named", async () => {
    const errors = await run(
      (function* () {
        const out: unknown[] = [];
        for (const x of [null, undefined]) {
          try {
            ensureFuture((() => x) as never);
          } catch (e) {
            out.push(e);
          }
        }
        return out;
      })(),
    );
    expect(errors).toEqual([
      new TypeError("ensureFuture(factory): the factory must return a Promise, got null"),
      new TypeError("ensureFuture(factory): the factory must return a Promise, got undefined"),
    ]);
  });

  it("a factory may return a thenable that is a function", async () => {
    const callableThenable = Object.assign(() => {}, {
      then(resolve: (v: number) => void) {
        resolve(7);
      },
    });
    const result = await run(
      (function* () {
        return yield* ensureFuture(() => callableThenable as unknown as PromiseLike<number>);
      })(),
    );
    expect(result).toBe(7);
  });
});

describe("ensureFuture(future, { loop })", () => {
  it("asks a duck-typed future its loop with getLoop(), else reads its _loop (CPython's futures._get_loop)", () => {
    const a = newEventLoop();
    const b = newEventLoop();
    try {
      const asks = { _asyncioFutureBlocking: false, getLoop: () => a };
      const owns = { _asyncioFutureBlocking: false, _loop: b };
      expect(ensureFuture(asks as never, { loop: a })).toBe(asks);
      expect(ensureFuture(owns as never, { loop: b })).toBe(owns);
      const other = new RangeError(
        "The future belongs to a different loop than the one specified as the loop argument",
      );
      expect(() => ensureFuture(asks as never, { loop: b })).toThrow(other);
      expect(() => ensureFuture(owns as never, { loop: a })).toThrow(other);
    } finally {
      a.close();
      b.close();
    }
  });
});

describe("Runner with a loopFactory", () => {
  it("leaves the current event loop alone, also when it closes", async () => {
    const mine = newEventLoop();
    setEventLoop(mine);
    try {
      const runner = new Runner({ loopFactory: () => newEventLoop() });
      expect(
        await runner.run(
          (function* () {
            return "ran";
          })(),
        ),
      ).toBe("ran");
      await runner.close();
      expect(getEventLoop()).toBe(mine);
    } finally {
      setEventLoop(null);
      mine.close();
    }
  });
});

describe("ensureFuture() of an object marked not awaitable", () => {
  it("refuses it without calling its [Symbol.iterator]() (a Lock's refuses yield* itself)", async () => {
    let called = 0;
    const refuses = function* () {
      called++;
      yield;
    };
    Object.defineProperty(refuses, Symbol.for("aio.notAwaitable"), { value: true });
    const lockLike = { [Symbol.iterator]: refuses };
    const error = await run(
      (function* () {
        try {
          ensureFuture(lockLike as never);
        } catch (e) {
          return e;
        }
        return null;
      })(),
    );
    expect(error).toEqual(new TypeError("An asyncio.Future, a coroutine or an awaitable is required"));
    expect(called).toBe(0);
  });
});

describe("fromPromise()", () => {
  it("makes a future of the loop it is given, also from inside another running loop", async () => {
    const other = newEventLoop();
    try {
      const { fut } = await run(
        (function* () {
          return { fut: fromPromise(new Promise<never>(() => {}), other) };
        })(),
      );
      expect(fut.getLoop()).toBe(other);
    } finally {
      other.close();
    }
  });

  it('tells the tracer an operation of kind "promise", with no detail, is in flight', async () => {
    const ops: string[] = [];
    const noop = () => {};
    const tracer: Tracer = {
      taskCreated: noop,
      stepStart: noop,
      stepEnd: noop,
      wakeup: noop,
      cancel: noop,
      timer: noop,
      callbackStart: noop,
      callbackEnd: noop,
      idle: noop,
      operationStart: (_loop, kind, detail) => {
        ops.push(`${kind}|${detail}`);
        return ops.length - 1;
      },
      operationEnd: (_loop, id) => {
        ops.push(`end ${id}`);
      },
    };
    runtimeState.tracer = tracer;
    try {
      const value = await run(
        (function* () {
          return yield* fromPromise(Promise.resolve(7));
        })(),
      );
      expect(value).toBe(7);
    } finally {
      runtimeState.tracer = null;
    }
    expect(ops.slice(0, 2)).toEqual(["promise|", "end 0"]);
  });
});

describe("run() shuts the default executor down", () => {
  function loopWithExecutor(calls: unknown[], joinMs: number) {
    return () => {
      const loop = newEventLoop();
      loop.setDefaultExecutor({
        submitForLoop: () => {
          throw new Error("not used");
        },
        shutdown: (options) => {
          calls.push(options);
          return options?.wait ? new Promise<void>((r) => setTimeout(r, joinMs)) : undefined;
        },
      });
      return loop;
    };
  }

  it("and waits for it to join its threads", async () => {
    const calls: unknown[] = [];
    await run((function* () {})(), { loopFactory: loopWithExecutor(calls, 10) });
    expect(calls).toEqual([{ wait: true }]);
  });

  it("stops its threads once executorShutdownTimeout has passed, with a RuntimeWarning", async () => {
    const calls: unknown[] = [];
    const warnings: string[] = [];
    const hooks = runtimeHooks();
    const saved = hooks.warn;
    hooks.warn = (category, message) => warnings.push(`${category}: ${message}`);
    try {
      await run((function* () {})(), {
        loopFactory: loopWithExecutor(calls, 2000),
        executorShutdownTimeout: 0.05,
      });
    } finally {
      hooks.warn = saved;
    }
    expect(calls).toEqual([{ wait: true }, { wait: false, cancelFutures: true, terminate: true }]);
    expect(warnings).toEqual([
      "RuntimeWarning: The executor did not finishing joining its threads within 0.05 seconds.",
    ]);
  });
});

describe("run()'s shutdown of leftover tasks", () => {
  it("reports none that ends with a result when it is cancelled", async () => {
    const reports: unknown[] = [];
    let outcome: unknown;
    await run(
      (function* () {
        getRunningLoop().setExceptionHandler((_l, ctx) => reports.push(ctx.message));
        const t = createTask(
          (function* () {
            try {
              yield* sleep(10);
            } catch {
              return "swallowed the cancellation";
            }
          })(),
        );
        t.addDoneCallback(() => {
          outcome = t.result();
        });
        yield* sleep(0);
      })(),
      { clock: "virtual" },
    );
    expect(outcome).toBe("swallowed the cancellation");
    expect(reports).toEqual([]);
  });
});

describe("run() from a running loop", () => {
  it("is refused with asyncio.run()'s own message", async () => {
    const inner = (function* () {})();
    let refused: Promise<string> | undefined;
    await run(
      (function* () {
        refused = run(inner).then(
          () => "not refused",
          (e: Error) => e.message,
        );
      })(),
    );
    expect(await refused).toBe("asyncio.run() cannot be called from a running event loop");
    inner.return(undefined);
  });
});
