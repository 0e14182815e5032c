/**
 * One large write does not hold up the loop: it goes in chunks (1 MiB of bytes, 256 Ki UTF-16 units
 * of text), one step each, other tasks running in between, and a cancellation stops it between two
 * chunks, the file holding a prefix of whole chunks and staying usable. No assertion is timed:
 * a ticker task notes the file's size at each of its turns, and a write that lets it run between
 * its chunks is seen at many sizes while it is going on (a write that held the loop is seen at one).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { type Coro, createTask, gather, isCancelledError, sleep, type Task, using } from "@aio/task";
import { describe, expect, it } from "vitest";
import { WRITE_CHUNK } from "../src/core.js";
import { open, UnicodeEncodeError, writeAtomic } from "../src/index.js";
import { codePoints, TEXT_PIECE, textPieces } from "../src/text-file.js";
import { catching, inLoop, scratch } from "./helpers.js";

const BIG = 256 * 1024 * 1024;

/** `n` bytes, each chunk different from the next (so a misplaced chunk shows). */
function pattern(n: number): Buffer {
  const b = Buffer.allocUnsafe(n);
  for (let i = 0; i < n; i += 4096) b.fill((i / 4096) % 251, i, Math.min(n, i + 4096));
  return b;
}

/**
 * A long text whose piece boundaries fall inside surrogate pairs (the unit before the 256 Ki
 * boundary is a high surrogate) and between multi-byte characters; flattened (a rope is flattened
 * by the first look at it, which takes as long as it takes, outside the write).
 */
function longText(units: number): string {
  const unit = "aé한😀\n"; // 6 UTF-16 units: 262144 % 6 === 4 puts the first boundary inside 😀
  const text = unit.repeat(Math.ceil(units / unit.length)).slice(0, units);
  text.charCodeAt(units - 1);
  return text;
}

/**
 * Runs `body` while a ticker task notes the size of `path` at each of its turns, and returns the
 * sizes it saw strictly between 0 and `total` (the write in progress) with `body`'s outcome.
 */
function* watching<T>(
  path: string,
  total: number,
  body: () => Coro<T>,
): Coro<{ during: Set<number>; value: T }> {
  const during = new Set<number>();
  let going = true;
  const ticker = createTask(
    (function* () {
      while (going) {
        const size = statSync(path).size;
        if (size > 0 && size < total) during.add(size);
        yield* sleep(0);
      }
    })(),
  );
  yield* sleep(0);
  try {
    return { during, value: yield* body() };
  } finally {
    going = false;
    yield* ticker;
  }
}

/** Starts `write` in a task and cancels it once the file has some bytes: the outcome, and the size then. */
function* cancelOnceStarted(
  path: string,
  write: () => Coro<unknown>,
): Coro<{ outcome: unknown; size: number }> {
  const task: Task<unknown> = createTask(write());
  while (statSync(path).size === 0 && !task.done()) yield* sleep(0);
  task.cancel();
  const [outcome] = yield* gather(task, { returnExceptions: true });
  return { outcome, size: statSync(path).size };
}

describe("large binary writes", () => {
  it("a 256 MiB write lets other tasks run between its chunks", async () => {
    const path = join(scratch(), "big.bin");
    const data = pattern(BIG);
    const chunks = BIG / WRITE_CHUNK;
    const during = await inLoop(function* () {
      const f = yield* open(path, "wb");
      const { during, value } = yield* watching(path, BIG, () => f.write(data));
      expect(value).toBe(BIG);
      yield* f.close();
      return during;
    });
    // Between two of the write's steps the ticker turns at least once, and every other step one
    // more chunk has landed: it sees the file at about one size per chunk or two. A write that
    // copied all of it first (holding the loop) was seen at one or two sizes.
    expect(during.size).toBeGreaterThan(chunks / 4);
    expect(statSync(path).size).toBe(BIG);
    expect(readFileSync(path).equals(data)).toBe(true);
  });

  it("a cancelled 256 MiB write stops between chunks; the file holds whole chunks and stays usable", async () => {
    const path = join(scratch(), "cancel.bin");
    const data = pattern(BIG);
    const { outcome, size, pos, end } = await inLoop(function* () {
      const f = yield* open(path, "wb");
      const { outcome, size } = yield* cancelOnceStarted(path, () => f.write(data));
      const pos = yield* f.tell();
      yield* f.flush();
      expect(statSync(path).size).toBe(pos);
      expect(yield* f.write(Buffer.from("tail"))).toBe(4);
      const end = yield* f.tell();
      yield* f.close();
      return { outcome, size, pos, end };
    });
    expect(isCancelledError(outcome)).toBe(true);
    expect(size).toBeLessThan(BIG); // cancelled while the write was going on
    expect(pos).toBeGreaterThan(0);
    expect(pos).toBeLessThan(BIG);
    expect(pos % WRITE_CHUNK).toBe(0);
    expect(end).toBe(pos + 4);
    const back = readFileSync(path);
    expect(back.length).toBe(pos + 4);
    expect(back.subarray(0, pos).equals(data.subarray(0, pos))).toBe(true);
    expect(back.subarray(pos).toString()).toBe("tail");
  });

  it("writelines of large and small buffers round-trips, in pieces", async () => {
    const path = join(scratch(), "lines.bin");
    const big = pattern(3 * WRITE_CHUNK + 5);
    const lines = [
      Buffer.from("head"),
      big,
      ...Array.from({ length: 3000 }, (_, i) => Buffer.alloc(999, i)),
      big,
    ];
    await inLoop(function* () {
      yield* using(open(path, "wb"), (f) => f.writelines(lines));
    });
    expect(readFileSync(path).equals(Buffer.concat(lines))).toBe(true);
  });

  it("writes behind of one reused buffer, of growing and shrinking sizes, land as each was when written", async () => {
    // The copies written behind are used again once their write is done: one still in flight must
    // never be overwritten by the next (the caller's buffer changes after each write returns).
    const path = join(scratch(), "reused.bin");
    const sizes = [65536, 65536, 200_000, 9000, 65536, WRITE_CHUNK, 70_000, 65536, 300_000, 8192];
    const source = Buffer.alloc(WRITE_CHUNK);
    const expected: Buffer[] = [];
    await inLoop(function* () {
      yield* using(open(path, "wb"), function* (f) {
        for (let round = 0; round < 20; round++) {
          const size = sizes[round % sizes.length] as number;
          source.fill(round + 1, 0, size);
          expected.push(Buffer.from(source.subarray(0, size)));
          yield* f.write(source.subarray(0, size));
          source.fill(0xee); // what the caller does with its buffer after write() returns
        }
      });
    });
    expect(readFileSync(path).equals(Buffer.concat(expected))).toBe(true);
  });
});

describe("large text writes", () => {
  const UNITS = 32 * 1024 * 1024;

  it("pieces never cut a surrogate pair and join to the text", () => {
    const text = longText(3 * TEXT_PIECE + 7);
    const pieces = [...textPieces([text], TEXT_PIECE)];
    expect(pieces.join("")).toBe(text);
    expect(pieces[0]?.length).toBe(TEXT_PIECE - 1); // its last unit was a high surrogate: moved on
    for (const p of pieces) {
      expect(p.length).toBeLessThanOrEqual(TEXT_PIECE);
      expect((p as unknown as { isWellFormed(): boolean }).isWellFormed()).toBe(true);
    }
    // Across segments too (writelines): a pair split between two lines is joined.
    const lines = ["x\ud83d", "\ude00y", text];
    expect([...textPieces(lines, TEXT_PIECE)].join("")).toBe(lines.join(""));
    expect([...textPieces(["\ud83d\ude00"], 1)]).toEqual(["\ud83d", "\ude00"]);
    expect(codePoints("a😀\ud800b")).toBe([..."a😀\ud800b"].length);
  });

  it("a long text (multi-byte characters, pairs across pieces) lets other tasks run, and round-trips", async () => {
    const path = join(scratch(), "big.txt");
    const text = longText(UNITS);
    const bytes = Buffer.byteLength(text, "utf8");
    const pieces = Math.ceil(UNITS / TEXT_PIECE);
    const during = await inLoop(function* () {
      const f = yield* open(path, "w");
      const { during, value } = yield* watching(path, bytes, () => f.write(text));
      // Characters as Python counts them: 5 in each 6 units ("aé한😀\n"), then the rest ("aé").
      expect(value).toBe(5 * Math.floor(UNITS / 6) + [...text.slice(UNITS - (UNITS % 6))].length);
      expect(yield* f.tell()).toBe(bytes);
      yield* f.close();
      return during;
    });
    expect(during.size).toBeGreaterThan(pieces / 4);
    expect(readFileSync(path, "utf8") === text).toBe(true);
  });

  it("a cancelled long text write stops between pieces; the file holds whole pieces and stays usable", async () => {
    const path = join(scratch(), "cancel.txt");
    const text = longText(UNITS);
    const { outcome, size, pos } = await inLoop(function* () {
      const f = yield* open(path, "w", { newline: "\r\n" });
      const { outcome, size } = yield* cancelOnceStarted(path, () => f.write(text));
      const pos = yield* f.tell();
      yield* f.flush();
      expect(statSync(path).size).toBe(pos);
      yield* f.write("tail\n");
      yield* f.close();
      return { outcome, size, pos };
    });
    expect(isCancelledError(outcome)).toBe(true);
    const total = Buffer.byteLength(text.replaceAll("\n", "\r\n"), "utf8");
    expect(size).toBeLessThan(total);
    expect(pos).toBeGreaterThan(0);
    const back = readFileSync(path, "utf8");
    expect(Buffer.byteLength(back, "utf8")).toBe(pos + 6);
    const written = back.slice(0, -6).replaceAll("\r\n", "\n");
    expect(back.slice(-6)).toBe("tail\r\n");
    // A prefix of whole pieces.
    let at = 0;
    const ends = new Set<number>();
    for (const p of textPieces([text], TEXT_PIECE)) ends.add((at += p.length));
    expect(ends.has(written.length)).toBe(true);
    expect(written.length).toBeLessThan(text.length);
    expect(written === text.slice(0, written.length)).toBe(true);
  });

  it("newline translation, a BOM once, writelines: long texts round-trip", async () => {
    const dir = scratch();
    const text = longText(3 * TEXT_PIECE + 11);
    const crlf = join(dir, "crlf.txt");
    const utf16 = join(dir, "utf16.txt");
    const lines = join(dir, "lines.txt");
    const parts = ["x\ud83d", "\ude00y\n", text, ...Array.from({ length: 50_000 }, (_, i) => `line ${i}\n`)];
    await inLoop(function* () {
      yield* using(open(crlf, "w", { newline: "\r\n" }), (f) => f.write(text));
      yield* using(open(utf16, "w", { encoding: "utf-16" }), (f) => f.write(text));
      yield* using(open(lines, "w"), (f) => f.writelines(parts));
    });
    expect(readFileSync(crlf, "utf8") === text.replaceAll("\n", "\r\n")).toBe(true);
    const u16 = readFileSync(utf16);
    expect([u16[0], u16[1], u16.length]).toEqual([0xff, 0xfe, 2 + text.length * 2]);
    expect(u16.subarray(2).toString("utf16le") === text).toBe(true);
    expect(readFileSync(lines, "utf8") === parts.join("")).toBe(true);
  });

  it("an encoding error in a long text writes nothing and names its place in the whole text", async () => {
    const path = join(scratch(), "bad.txt");
    const text = `${"a".repeat(3 * TEXT_PIECE)}한${"b".repeat(10)}`;
    await inLoop(function* () {
      const f = yield* open(path, "w", { encoding: "ascii" });
      yield* f.write("kept");
      const err = yield* catching(f.write(text));
      expect(err).toBeInstanceOf(UnicodeEncodeError);
      expect((err as Error).message).toBe(
        `'ascii' codec can't encode character '\\ud55c' in position ${3 * TEXT_PIECE}: ordinal not in range(128)`,
      );
      expect((err as UnicodeEncodeError).object).toBe(text);
      const lone = yield* catching(f.writelines(["a".repeat(TEXT_PIECE), "b\ud800c"]));
      expect((lone as Error).message).toMatch(/can't encode character '\\ud800' in position 262145/);
      yield* f.close();
    });
    expect(readFileSync(path, "utf8")).toBe("kept");
  });
});

describe("large writeAtomic", () => {
  it("a long text is encoded in pieces; an encoding error leaves the old file and no temporary", async () => {
    const dir = scratch();
    const path = join(dir, "a.txt");
    const text = longText(10 * TEXT_PIECE + 5); // writeAtomic's pieces are 1 Mi units
    expect(text.charCodeAt(4 * TEXT_PIECE - 1)).toBe(0xd83d); // the first piece ends inside 😀
    await inLoop(function* () {
      expect(yield* writeAtomic(path, text, { fsync: false })).toBe(Buffer.byteLength(text));
      expect(readFileSync(path, "utf8") === text).toBe(true);
      const err = yield* catching(writeAtomic(path, `${text}\ud800`, { fsync: false }));
      expect((err as Error).message).toBe(
        `'utf-8' codec can't encode character '\\ud800' in position ${codePoints(text)}: surrogates not allowed`,
      );
      expect(yield* writeAtomic(path, `${text}\ud800`, { errors: "replace", fsync: false })).toBe(
        Buffer.byteLength(text) + 1,
      );
    });
    expect(readFileSync(path, "utf8") === `${text}?`).toBe(true);
    expect(readdirSync(dir)).toEqual(["a.txt"]);
  });
});
