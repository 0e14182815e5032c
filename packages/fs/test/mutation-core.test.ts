/**
 * What core.ts does that the other suites do not show (survivors of its Stryker run, lines 160–350).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runtimeState, type Tracer } from "@aio/loop/internal";
import { using } from "@aio/task";
import { describe, expect, it } from "vitest";
import { open } from "../src/index.js";
import { inLoop, scratch } from "./helpers.js";

describe("core: file I/O", () => {
  it("a file's reads and writes are outside operations of kind fs naming the file, in a trace", async () => {
    const path = join(scratch(), "traced.txt");
    writeFileSync(path, "abc");
    const ops: [string, string][] = [];
    const tracer = new Proxy({} as Tracer, {
      get: (_, key) =>
        key === "operationStart"
          ? (_loop: unknown, kind: string, detail: string) => ops.push([kind, detail]) - 1
          : () => {},
    });
    runtimeState.tracer = tracer;
    try {
      await inLoop(() => using(open(path, "r"), (f) => f.read()));
    } finally {
      runtimeState.tracer = null;
    }
    // The open is awaited as a promise; the read and the close are the file's own I/O.
    const io = ops.filter(([kind]) => kind === "fs");
    expect(io.length).toBeGreaterThan(0);
    for (const op of io) expect(op).toEqual(["fs", path]);
  });

  it("a buffer handed to write() may change as soon as write() returns: the file has what it held", async () => {
    const path = join(scratch(), "owned.bin");
    const got = await inLoop(() =>
      using(open(path, "wb", { buffering: 16 }), function* (f) {
        const data = Buffer.from("0123456789abcdefghij"); // more than a buffer's worth: written behind
        yield* f.write(data);
        data.fill(0x2d);
        const more = Buffer.from("KLMNOPQRSTUVWXYZ!");
        yield* f.write(more);
        more.fill(0x2d);
        return null;
      }),
    );
    expect(got).toBe(null);
    expect(readFileSync(path, "latin1")).toBe("0123456789abcdefghijKLMNOPQRSTUVWXYZ!");
  });
});
