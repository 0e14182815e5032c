/**
 * One file used by many tasks, and tasks cancelled at every point an operation can wait: the
 * file stays consistent (its position reflects what completed, nothing read is lost), no handle
 * leaks, and the file stays usable.
 */
import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { getRunningLoop } from "@aio/loop";
import { type Coro, createTask, gather, isCancelledError, sleep, type Task } from "@aio/task";
import { describe, expect, it } from "vitest";
import { type BinaryFile, open } from "../src/index.js";
import { inLoop, openDescriptors, scratch } from "./helpers.js";

/** Lets the loop run `turns` times (I/O completions arrive in between). */
function* turns(n: number): Coro<void> {
  for (let i = 0; i < n; i++) yield* sleep(0);
}

describe("one file, many tasks", () => {
  it("tasks reading lines concurrently get each line once, in file order", async () => {
    const path = join(scratch(), "lines.txt");
    const lines = Array.from({ length: 20_000 }, (_, i) => `line ${i}\n`);
    writeFileSync(path, lines.join(""));
    const got = await inLoop(function* () {
      const f = yield* open(path, "r", { buffering: 4096 });
      const seen: [number, string][] = [];
      let order = 0;
      function* reader(): Coro<void> {
        for (;;) {
          const line = yield* f.readline();
          if (line === "") return;
          seen.push([order++, line]);
        }
      }
      yield* gather(...Array.from({ length: 4 }, () => reader()));
      yield* f.close();
      return seen;
    });
    // In the order the reads completed, the lines are the file's lines in order: none skipped, none twice.
    expect(got.map(([, l]) => l)).toEqual(lines);
  });

  it("writes from many tasks land whole, in the order they were called", async () => {
    const path = join(scratch(), "w.bin");
    const chunks = Array.from({ length: 60 }, (_, i) => Buffer.alloc(1000 + i * 997, i));
    await inLoop(function* () {
      const f = yield* open(path, "wb", { buffering: 4096 });
      yield* gather(...chunks.map((c) => f.write(c)));
      yield* f.close();
    });
    expect(readFileSync(path).equals(Buffer.concat(chunks))).toBe(true);
  });

  it("an operation waits for the one before it: read(n) then readline from another task", async () => {
    const path = join(scratch(), "o.txt");
    writeFileSync(path, `${"a".repeat(200_000)}\nsecond\n`);
    const [big, line] = await inLoop(function* () {
      const f = yield* open(path, "r");
      const first = createTask(f.read(200_001));
      const second = createTask(f.readline());
      const out = yield* gather(first, second);
      yield* f.close();
      return out;
    });
    expect(big.length).toBe(200_001);
    expect(line).toBe("second\n");
  });
});

describe("cancellation at every waiting point", () => {
  it("read: a cancelled read loses nothing; the next reads continue where the completed ones ended", async () => {
    const path = join(scratch(), "c.bin");
    const data = randomBytes(300_000);
    writeFileSync(path, data);
    for (let k = 0; k < 12; k++) {
      const result = await inLoop(function* () {
        const f = yield* open(path, "rb", { buffering: 8192 });
        const parts: Buffer[] = [];
        let cancelled = 0;
        for (let i = 0; i < 8; i++) {
          const t = createTask(f.read(10_000 + i * 7_001));
          yield* turns((k + i) % 5);
          t.cancel();
          try {
            parts.push(yield* t);
          } catch (err) {
            if (!isCancelledError(err)) throw err;
            cancelled++;
          }
          const at = parts.reduce((n, p) => n + p.length, 0);
          expect(yield* f.tell()).toBe(at);
        }
        parts.push(yield* f.read());
        yield* f.close();
        return { all: Buffer.concat(parts), cancelled };
      });
      expect(result.all.equals(data), `k=${k}`).toBe(true);
    }
  });

  it("readline (text): cancelled lines are read by the next call, nothing is skipped", async () => {
    const path = join(scratch(), "c.txt");
    const lines = Array.from({ length: 3000 }, (_, i) => `${"한".repeat(i % 40)} ${i}\r\n`);
    writeFileSync(path, lines.join(""));
    const expected = lines.map((l) => l.replace("\r\n", "\n"));
    for (let k = 0; k < 6; k++) {
      const got = await inLoop(function* () {
        const f = yield* open(path, "r", { buffering: 1000 });
        const out: string[] = [];
        for (let i = 0; ; i++) {
          const t = createTask(f.readline());
          if (i % 3 === 0) {
            yield* turns(k);
            t.cancel();
          }
          let line: string;
          try {
            line = yield* t;
          } catch (err) {
            if (!isCancelledError(err)) throw err;
            continue;
          }
          if (line === "") break;
          out.push(line);
        }
        yield* f.close();
        return out;
      });
      expect(got, `k=${k}`).toEqual(expected);
    }
  });

  it("write: each write lands whole or not at all (a cancelled one that was in flight lands whole)", async () => {
    for (let k = 0; k < 10; k++) {
      const path = join(scratch(), `w${k}.bin`);
      await inLoop(function* () {
        const f = yield* open(path, "wb", { buffering: 4096 });
        let size = 0;
        for (let i = 0; i < 30; i++) {
          const chunk = Buffer.alloc(100 + ((i * 1237) % 9000), i + 1);
          const t = createTask(f.write(chunk));
          yield* turns((k + i) % 4);
          t.cancel();
          let completed = true;
          try {
            yield* t;
          } catch (err) {
            if (!isCancelledError(err)) throw err;
            completed = false;
          }
          yield* f.flush();
          const content = readFileSync(path);
          const grown = content.length - size;
          if (completed) expect(grown).toBe(chunk.length);
          else expect([0, chunk.length]).toContain(grown);
          expect(content.subarray(size).equals(chunk.subarray(0, grown))).toBe(true);
          size = content.length;
          expect(yield* f.tell()).toBe(size);
        }
        yield* f.close();
      });
    }
  });

  it("open, close and flush: cancelled or not, no descriptor is leaked and a closed file is closed", async () => {
    const dir = scratch();
    const path = join(dir, "o.txt");
    writeFileSync(path, "x".repeat(100_000));
    const before = openDescriptors();
    for (let k = 0; k < 8; k++) {
      await inLoop(function* () {
        const opening: Task<BinaryFile> = createTask(
          (function* () {
            return yield* open(path, "r+b");
          })(),
        );
        yield* turns(k % 3);
        opening.cancel();
        try {
          const f = yield* opening;
          yield* f.write(Buffer.alloc(70_000, 1));
          const flushing = createTask(f.flush());
          yield* turns(k % 2);
          flushing.cancel();
          yield* gather(flushing, { returnExceptions: true } as never);
          const closing = createTask(f.close());
          yield* turns(k % 2);
          closing.cancel();
          yield* gather(closing, { returnExceptions: true } as never);
          yield* f.close(); // waits for the close in flight, which completes anyway
          expect(f.closed).toBe(true);
        } catch (err) {
          if (!isCancelledError(err)) throw err;
        }
      });
    }
    // Descriptors of cancelled opens are closed when their open lands: give them a moment.
    for (let i = 0; i < 50 && openDescriptors() > before; i++) await new Promise((r) => setTimeout(r, 10));
    expect(openDescriptors()).toBe(before);
  });

  it("on the virtual clock, time does not jump while a read is in flight", async () => {
    const path = join(scratch(), "v.bin");
    writeFileSync(path, randomBytes(4 * 1024 * 1024));
    const [readAt, timerDone] = await inLoop(
      function* () {
        const loop = getRunningLoop();
        let timerDone = false;
        createTask(
          (function* () {
            yield* sleep(60);
            timerDone = true;
          })(),
        );
        const f = yield* open(path, "rb");
        for (let i = 0; i < 64; i++) yield* f.read(65_536);
        yield* f.close();
        return [loop.time(), timerDone] as const;
      },
      { clock: "virtual" },
    );
    expect(readAt).toBe(0);
    expect(timerDone).toBe(false);
  });
});
