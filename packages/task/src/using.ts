/**
 * Async context managers: `async with cm as value:` is `yield* using(cm, function* (value) { … })`.
 */
import { isCoroutine } from "@aio/loop";
import { type Coro, refuseAwait } from "./coroutine.js";

/**
 * An async context manager. Python: an object with `__aenter__`/`__aexit__`.
 * `aexit` receives the error that ended the body and `true`, or `undefined` and `false` when the
 * body finished (JavaScript can throw `undefined` itself: `failed` tells), and returns `true` to
 * swallow the error.
 */
export interface AsyncContextManager<T> {
  aenter(): Coro<T>;
  aexit(error?: unknown, failed?: boolean): Coro<boolean | undefined>;
}

/**
 * Runs `body(value)` inside `cm`: enters, runs the body (a coroutine function or a plain function),
 * exits — also when the body throws, passing the error to `aexit`. Python: `async with cm as value:`.
 * @example
 * yield* using(new TaskGroup(), function* (tg) { tg.createTask(worker("A")); });
 * yield* using(lock, function* () { counter++; });
 */
export function* using<T, R>(cm: AsyncContextManager<T>, body: (value: T) => Coro<R> | R): Coro<R> {
  if (
    typeof cm !== "object" ||
    cm === null ||
    typeof cm.aenter !== "function" ||
    typeof cm.aexit !== "function"
  ) {
    throw new TypeError(
      `using() needs an async context manager (an object with aenter() and aexit()), got ${String(cm)}`,
    );
  }
  const value = yield* cm.aenter();
  let result: R;
  try {
    const out = body(value);
    result = isCoroutine(out) ? yield* out as Coro<R> : (out as R);
  } catch (err) {
    if (yield* cm.aexit(err, true)) return undefined as R;
    throw err;
  }
  yield* cm.aexit(undefined, false);
  return result;
}

// `await` on these coroutines is a mistake that fails loudly (use yield* or toPromise).
refuseAwait(using, "using");
