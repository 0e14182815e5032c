/**
 * What the aio packages share among themselves, at `@aio/task/internal`: not part of the public
 * API, no stability promise between versions.
 * @packageDocumentation
 */
export { refuseAwait } from "./coroutine.js";
export { tracedFromPromise } from "./ensure-future.js";
export { END, type FastAsyncIterator, NEXT, NEXT_NOW, NOT_NOW } from "./iteration.js";
