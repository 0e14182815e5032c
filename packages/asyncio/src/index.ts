/**
 * @aio/asyncio — Python's asyncio namespace in one import, as `import asyncio` gives it:
 * `import * as asyncio from "@aio/asyncio"`, then `asyncio.run(main())`, `asyncio.sleep(1)`,
 * `asyncio.gather(…)`, `asyncio.Queue`, `asyncio.toThread(fn)`. It only re-exports the separate
 * packages (@aio/loop, @aio/future, @aio/task, @aio/sync, @aio/executor, @aio/streams), which stay installable
 * alone; importing it also installs the default executor behind `runInExecutor(null, …)`.
 * @packageDocumentation
 */
export * from "@aio/executor";
export * from "@aio/future";
// Both @aio/loop (for FutureLike) and @aio/future answer isFuture: asyncio.isfuture is the latter.
export { isFuture } from "@aio/future";
export * from "@aio/loop";
export * from "@aio/streams";
export * from "@aio/sync";
export * from "@aio/task";
