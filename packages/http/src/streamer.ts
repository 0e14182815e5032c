/**
 * aiohttp's deprecated `@streamer` decorator: a coroutine that writes a body through a writer,
 * made into a body that a request's `data` or a response's `body` streams. Async generators are
 * the way to write new code; this keeps aiohttp 3.8 programs working.
 */
import type { Future } from "@aio/future";
import { getRunningLoop, repr, typeName } from "@aio/loop";
import type { Coro, Task } from "@aio/task";

/** What a {@link streamer} coroutine writes to: each `write()` waits until its chunk is taken. */
export interface StreamerWriter {
  /** Sends `data` (bytes, or text as UTF-8) and waits until the body's reader has taken it. */
  write(data: Uint8Array | string): Coro<void>;
  /** Waits until what was written is taken (every `write()` already does). */
  drain(): Coro<void>;
}

/**
 * A {@link streamer}: called with the coroutine's other arguments, a body; passed as it is, the body
 * of a call with none. Python: `aiohttp.streamer`'s `StreamPayload` and `_stream_wrapper`.
 */
export type Streamer<A extends unknown[]> = ((...args: A) => AsyncIterable<Buffer>) & AsyncIterable<Buffer>;

/**
 * Makes a body from a coroutine that writes it: `streamer(function* (writer, name) {…})(name)` is a
 * body for a request's `data` or a response's `body`, sent chunked unless a Content-Length is given.
 * The coroutine runs as a task of the running loop when the body is first read; each
 * `writer.write()` waits for its chunk to be sent. Deprecated as in aiohttp 3.8 (a
 * DeprecationWarning): an async generator does the same.
 * @example
 * const fileSender = streamer(function* (writer, path: string) {
 *   for (const chunk of chunksOf(path)) yield* writer.write(chunk);
 * });
 * const resp = yield* session.post(url, { data: fileSender("big.bin") });
 */
export function streamer<A extends unknown[]>(
  fn: (writer: StreamerWriter, ...args: A) => Coro<void>,
): Streamer<A> {
  if (typeof fn !== "function") throw new TypeError(`streamer() needs a coroutine function, got ${repr(fn)}`);
  process.emitWarning("@streamer is deprecated, use async generators instead", "DeprecationWarning");
  const wrapper = (...args: A): AsyncIterable<Buffer> => ({
    [Symbol.asyncIterator]: () => written(fn, args),
  });
  return Object.assign(wrapper, {
    [Symbol.asyncIterator]: () => written(fn, [] as unknown as A),
  });
}

/** The chunks `fn(writer, ...args)` writes, read one at a time as it writes them. */
async function* written<A extends unknown[]>(
  fn: (writer: StreamerWriter, ...args: A) => Coro<void>,
  args: A,
): AsyncGenerator<Buffer> {
  const loop = getRunningLoop();
  const chunks: Buffer[] = [];
  let taken: Future<void> | null = null;
  let wake: (() => void) | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };
  const writer: StreamerWriter = {
    *write(data) {
      let chunk: Buffer;
      if (typeof data === "string") chunk = Buffer.from(data, "utf8");
      else if (data instanceof Uint8Array) chunk = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
      else
        throw new TypeError(
          `writer.write() takes bytes or a string, got ${repr(data)} of type ${typeName(data)}`,
        );
      chunks.push(chunk);
      notify();
      yield* writer.drain();
    },
    *drain() {
      if (chunks.length === 0) return;
      taken ??= loop.createFuture<void>() as Future<void>;
      yield* taken;
    },
  };
  const coro = fn(writer, ...args);
  const task = loop.createTask(coro) as Task<void>;
  task.addDoneCallback(notify);
  try {
    for (;;) {
      const chunk = chunks.shift();
      if (chunk !== undefined) {
        yield chunk;
        const t = taken as Future<void> | null;
        if (chunks.length === 0 && t !== null) {
          taken = null;
          if (!t.done()) t.setResult(undefined);
        }
        continue;
      }
      if (task.done()) {
        task.result();
        return;
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  } finally {
    // the reader stopped early (the request failed, the client went away): so does the writer
    if (!task.done()) task.cancel();
  }
}
