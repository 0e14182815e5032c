/**
 * Port of aiofiles' tests/test_simple.py (aiofiles commit 6fdc25c7812d6738ccf51c5e7d4cd68500053a52,
 * Apache-2.0, © Tin Tvrtković and contributors).
 *
 * Translation: `threadpool.open(name, mode=)` → `open(name, mode)`; pytest's `tmpdir` is a scratch
 * directory, `file.write_binary()` and the synchronous `open(...).read()` are Node's `fs` sync
 * calls; pytest-asyncio's `unused_tcp_port` is a port Node's `net` just had free. Both tests serve
 * the file with asyncio streams (`asyncio.start_server`, `asyncio.open_connection`), which are
 * looked up under their aio names in @aio/loop and @aio/task, where the facade would export them.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import * as loop from "@aio/loop";
import * as task from "@aio/task";
import { describe, expect, it } from "vitest";
import { open } from "../../src/index.js";
import { inLoop, scratch } from "../helpers.js";

export const NOT_APPLICABLE: Record<string, string> = {};

// biome-ignore lint/suspicious/noExplicitAny: these exports do not exist yet
const asyncio = { ...loop, ...task } as any;

/** pytest-asyncio's `unused_tcp_port`. */
function unusedTcpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

describe("test_simple", () => {
  // FAILS: aio has no asyncio streams (asyncio.start_server / open_connection) to serve the file with.
  it.fails("test_serve_small_bin_file_sync", async () => {
    expect(typeof asyncio.startServer).toBe("function");
    expect(typeof asyncio.openConnection).toBe("function");
    const unused = await unusedTcpPort();
    // First we'll write a small file.
    const filename = "test.bin";
    const fileContent = Buffer.from("0123456789");
    const file = join(scratch(), filename);
    writeFileSync(file, fileContent);

    await inLoop(function* () {
      // biome-ignore lint/suspicious/noExplicitAny: StreamReader / StreamWriter do not exist yet
      const serveFile = function* (_reader: unknown, writer: any): Generator<never, void> {
        const fullFilename = file;
        writer.write(readFileSync(fullFilename));
        writer.close();
      };
      const server = yield* asyncio.startServer(serveFile, { port: unused });
      const [reader] = yield* asyncio.openConnection("localhost", unused);
      const payload = yield* reader.read();
      expect(payload).toEqual(fileContent);
      server.close();
      yield* server.waitClosed();
    });
  });

  // FAILS: aio has no asyncio streams (asyncio.start_server / open_connection) to serve the file with.
  it.fails("test_serve_small_bin_file", async () => {
    expect(typeof asyncio.startServer).toBe("function");
    expect(typeof asyncio.openConnection).toBe("function");
    const unused = await unusedTcpPort();
    // First we'll write a small file.
    const filename = "test.bin";
    const fileContent = Buffer.from("0123456789");
    const file = join(scratch(), filename);
    writeFileSync(file, fileContent);

    await inLoop(function* () {
      // biome-ignore lint/suspicious/noExplicitAny: StreamReader / StreamWriter do not exist yet
      const serveFile = function* (_reader: unknown, writer: any) {
        const fullFilename = file;
        const f = yield* open(fullFilename, "rb");
        writer.write(yield* f.read());
        yield* f.close();
        writer.close();
      };
      const server = yield* asyncio.startServer(serveFile, { port: unused });
      const [reader] = yield* asyncio.openConnection("localhost", unused);
      const payload = yield* reader.read();
      expect(payload).toEqual(fileContent);
      server.close();
      yield* server.waitClosed();
    });
  });
});
