/**
 * Port of aiofiles' tests/test_simple.py (2 tests) and of test_os.py's test_sendfile_socket
 * (aiofiles commit 6fdc25c7812d6738ccf51c5e7d4cd68500053a52, Apache-2.0, © Tin Tvrtković and
 * contributors). They serve a file with asyncio streams, which are this package's, so they run
 * here; the rest of aiofiles' suite is ported in `packages/fs/test/upstream/`.
 *
 * Translation: `aiofiles.open(name, mode=)` → `open(name, mode)`; pytest's `tmpdir` is a scratch
 * directory, `file.write_binary()` and the synchronous `open(...).read()` are Node's `fs` sync
 * calls; pytest-asyncio's `unused_tcp_port` is a port Node's `net` just had free;
 * `asyncio.start_server(cb, port=p)` → `startServer(cb, null, p)`.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { open, os } from "@aio/fs";
import { describe, expect, it } from "vitest";
import { openConnection, type StreamReader, type StreamWriter, startServer } from "../../src/index.js";
import { inLoop, scratch } from "../helpers.js";

export const NOT_APPLICABLE: Record<string, string> = {};

/** aiofiles' tests/resources. */
const RESOURCES = fileURLToPath(new URL("../../../fs/test/upstream/resources", import.meta.url));

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
  it("test_serve_small_bin_file_sync", async () => {
    const unused = await unusedTcpPort();
    // First we'll write a small file.
    const filename = "test.bin";
    const fileContent = Buffer.from("0123456789");
    const file = join(scratch(), filename);
    writeFileSync(file, fileContent);

    await inLoop(function* () {
      const serveFile = function* (_reader: StreamReader, writer: StreamWriter) {
        const fullFilename = file;
        writer.write(readFileSync(fullFilename));
        writer.close();
      };
      const server = yield* startServer(serveFile, null, unused);
      const [reader] = yield* openConnection("localhost", unused);
      const payload = yield* reader.read();
      expect(payload).toEqual(fileContent);
      server.close();
      yield* server.waitClosed();
    });
  });

  it("test_serve_small_bin_file", async () => {
    const unused = await unusedTcpPort();
    // First we'll write a small file.
    const filename = "test.bin";
    const fileContent = Buffer.from("0123456789");
    const file = join(scratch(), filename);
    writeFileSync(file, fileContent);

    await inLoop(function* () {
      const serveFile = function* (_reader: StreamReader, writer: StreamWriter) {
        const fullFilename = file;
        const f = yield* open(fullFilename, "rb");
        writer.write(yield* f.read());
        yield* f.close();
        writer.close();
      };
      const server = yield* startServer(serveFile, null, unused);
      const [reader] = yield* openConnection("localhost", unused);
      const payload = yield* reader.read();
      expect(payload).toEqual(fileContent);
      server.close();
      yield* server.waitClosed();
    });
  });
});

describe("test_os", () => {
  it("test_sendfile_socket", async () => {
    const unused = await unusedTcpPort();
    const filename = join(RESOURCES, "test_file1.txt");
    const contents = readFileSync(filename);
    await inLoop(function* () {
      const serveFile = function* (_: StreamReader, writer: StreamWriter) {
        const outFd = writer.transport.getExtraInfo<{ fileno(): number }>("socket")?.fileno() ?? -1;
        const size = (yield* os.stat(filename)).size;
        const inFile = yield* open(filename);
        try {
          const inFd = inFile.fileno();
          yield* os.sendfile(outFd, inFd, 0, size);
        } finally {
          yield* inFile.close();
          yield* writer.drain();
          writer.close();
        }
      };
      const server = yield* startServer(serveFile, null, unused);
      const [reader, writer] = yield* openConnection("127.0.0.1", unused);
      const actualContents = yield* reader.read();
      writer.close();
      expect(contents).toEqual(actualContents);
      server.close();
      yield* server.waitClosed();
    });
  });
});
