/**
 * Port of CPython 3.12.1 Lib/test/test_asyncio/test_pep492.py, its StreamReaderTests (1 test
 * method). The file's other classes are ported where what they test lives: CoroutineTests in
 * `packages/task/test/upstream/test_pep492.test.ts`, LockTests in `packages/sync/test/upstream/`.
 *
 * Translation: BaseTest's `asyncio.BaseEventLoop()` with a mocked selector → a real
 * `newEventLoop()` set as the current loop (closed afterwards); `self.loop.run_until_complete(c)` →
 * `await loop.runUntilComplete(c)`; `async for line in stream` → `anext(stream, null)` in a loop.
 */
import { type EventLoop, newEventLoop, setEventLoop } from "@aio/loop";
import { anext, type Coro } from "@aio/task";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { StreamReader } from "../../src/index.js";

let loop: EventLoop;
beforeEach(() => {
  loop = newEventLoop();
  setEventLoop(loop);
});
afterEach(() => {
  loop.close();
  setEventLoop(null);
});

describe("StreamReaderTests", () => {
  it("test_readline", async () => {
    const DATA = Buffer.from("line1\nline2\nline3");

    const stream = new StreamReader({ loop });
    stream.feedData(DATA);
    stream.feedEof();

    function* reader(): Coro<Buffer[]> {
      const data: Buffer[] = [];
      for (let line: Buffer | null; (line = yield* anext(stream, null)) !== null; ) {
        data.push(line);
      }
      return data;
    }

    const data = await loop.runUntilComplete(reader());
    expect(data).toEqual([Buffer.from("line1\n"), Buffer.from("line2\n"), Buffer.from("line3")]);
  });
});
