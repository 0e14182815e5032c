/**
 * File-system Promises run as coroutines, their errors made Python's.
 */
import type { Coro } from "@aio/task";
import { refuseAwait, tracedFromPromise } from "@aio/task/internal";
import { osError, type PathLike } from "./errors.js";

/** Runs a file-system Promise as a coroutine; its errors become Python's, naming the paths. */
export function* call<T>(work: () => Promise<T>, path?: PathLike, path2?: PathLike): Coro<T> {
  let promise: Promise<T>;
  try {
    promise = work();
  } catch (err) {
    throw osError(err, path, path2);
  }
  try {
    return yield* tracedFromPromise(promise, undefined, "fs", path === undefined ? "" : String(path));
  } catch (err) {
    throw osError(err, path, path2);
  }
}

refuseAwait(call, "call");
