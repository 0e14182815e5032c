import { type ChildProcess, spawn } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { createTask, gather, isCancelledError, sleep } from "@aio/task";
import { describe, expect, it } from "vitest";
import { removeStaleTemps, UnicodeEncodeError, writeAtomic } from "../src/index.js";
import { catching, inLoop, scratch } from "./helpers.js";

describe("writeAtomic", () => {
  it("replaces the contents and keeps the file's mode; text is encoded as asked", async () => {
    const dir = scratch();
    const path = join(dir, "config.json");
    writeFileSync(path, "old", { mode: 0o640 });
    await inLoop(function* () {
      expect(yield* writeAtomic(path, '{"a": "é"}')).toBe(11);
      expect(readFileSync(path, "utf8")).toBe('{"a": "é"}');
      expect(statSync(path).mode & 0o777).toBe(0o640);
      yield* writeAtomic(path, "é", { encoding: "latin-1" });
      expect(readFileSync(path)).toEqual(Buffer.from([0xe9]));
      yield* writeAtomic(join(dir, "new.bin"), new Uint8Array([1, 2, 3]), { mode: 0o600 });
      expect(statSync(join(dir, "new.bin")).mode & 0o777).toBe(0o600);
    });
    expect(readdirSync(dir).sort()).toEqual(["config.json", "new.bin"]);
  });

  it("a reader never sees a half-written file", async () => {
    const dir = scratch();
    const path = join(dir, "data.txt");
    const versions = ["A", "B", "C", "D"].map((c) => c.repeat(2_000_000));
    writeFileSync(path, versions[0] as string);
    const seen = new Set<string>();
    await inLoop(function* () {
      let writing = true;
      const reader = createTask(
        (function* () {
          while (writing) {
            const text = readFileSync(path, "latin1");
            seen.add(`${text[0]}${text.length}${text.at(-1)}`);
            yield* sleep(0);
          }
        })(),
      );
      for (let i = 0; i < 12; i++) yield* writeAtomic(path, versions[i % 4] as string, { fsync: false });
      writing = false;
      yield* reader;
    });
    for (const s of seen) expect(["A2000000A", "B2000000B", "C2000000C", "D2000000D"]).toContain(s);
  });

  it("an encoding error or a cancellation leaves the old file and no temporary file", async () => {
    const dir = scratch();
    const path = join(dir, "keep.txt");
    writeFileSync(path, "old");
    await inLoop(function* () {
      const err = yield* catching(writeAtomic(path, "한", { encoding: "ascii" }));
      expect(err).toBeInstanceOf(UnicodeEncodeError);
      for (let k = 0; k < 4; k++) {
        const t = createTask(writeAtomic(path, "x".repeat(8_000_000)));
        for (let i = 0; i < k; i++) yield* sleep(0);
        t.cancel();
        try {
          yield* t;
          expect(readFileSync(path, "utf8").length).toBe(8_000_000); // it finished first: all of it
          writeFileSync(path, "old");
        } catch (e) {
          if (!isCancelledError(e)) throw e;
        }
        expect(readFileSync(path, "utf8")).toBe("old");
      }
    });
    // Cancelled writes remove their temporary file once their I/O lands.
    for (let i = 0; i < 100 && readdirSync(dir).length > 1; i++) await new Promise((r) => setTimeout(r, 20));
    expect(readdirSync(dir)).toEqual(["keep.txt"]);
  });
});

/** The temporaries in `dir` (writeAtomic's, of any version). */
function temps(dir: string): string[] {
  return readdirSync(dir)
    .filter((n) => n.endsWith(".tmp"))
    .sort();
}

const writerFixture = new URL("./fixtures/atomic-writer.ts", import.meta.url).pathname;

/** A child process replacing `path` with writeAtomic over and over, `mib` MiB each time, fsync on. */
function startWriter(path: string, mib: number): { child: ChildProcess; exited: Promise<unknown> } {
  const child = spawn(
    process.execPath,
    ["--conditions=aio-source", "--import", "tsx", writerFixture, path, String(mib)],
    { stdio: "ignore" },
  );
  const exited = new Promise((resolve) => child.once("exit", resolve));
  return { child, exited };
}

/**
 * Waits until the child has a temporary with bytes in it (one not in `before`), then stops it
 * (SIGSTOP) with such a temporary still there (it may have just been renamed: then again), and
 * returns its name. Nothing is timed: the child writes until it is caught.
 */
async function stopMidWrite(dir: string, child: ChildProcess, before: string[]): Promise<string> {
  for (;;) {
    const mine = () =>
      temps(dir).filter(
        (n) => !before.includes(n) && (statSync(join(dir, n), { throwIfNoEntry: false })?.size ?? 0) > 0,
      );
    while (mine().length === 0) {
      if (child.exitCode !== null) throw new Error(`the writer exited (${child.exitCode})`);
      await new Promise((r) => setTimeout(r, 2));
    }
    child.kill("SIGSTOP");
    await new Promise((r) => setTimeout(r, 20)); // the signal is delivered
    const caught = mine();
    if (caught.length > 0) return caught[0] as string;
    child.kill("SIGCONT");
  }
}

/** The PID of a process that has ended (and been reaped): no process has it now. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
  await new Promise((resolve) => child.once("exit", resolve));
  return child.pid as number;
}

describe("writeAtomic: temporaries left by writers that died", () => {
  it("12 writers SIGKILLed mid-write: the next writeAtomic removes their temporaries", async () => {
    const dir = scratch();
    const path = join(dir, "state.bin");
    const left = new Set<string>();
    for (let k = 0; k < 12; k++) {
      const { child, exited } = startWriter(path, 8);
      left.add(await stopMidWrite(dir, child, temps(dir)));
      child.kill("SIGKILL");
      await exited;
    }
    expect(left.size).toBe(12);
    // Each writer removed the ones before it; the last one's is there for sure.
    expect(temps(dir).length).toBeGreaterThanOrEqual(1);
    await inLoop(function* () {
      expect(yield* writeAtomic(path, "new content")).toBe(11);
    });
    expect(readFileSync(path, "utf8")).toBe("new content");
    expect(readdirSync(dir)).toEqual(["state.bin"]);
  }, 180_000);

  it("a live writer's temporary (another process, stopped mid-write) is left alone until it dies", async () => {
    const dir = scratch();
    const path = join(dir, "shared.bin");
    const { child, exited } = startWriter(path, 8);
    try {
      const theirs = await stopMidWrite(dir, child, []);
      await inLoop(function* () {
        yield* writeAtomic(path, "mine");
        expect(yield* removeStaleTemps(dir)).toEqual([]);
      });
      expect(readFileSync(path, "utf8")).toBe("mine");
      expect(temps(dir)).toEqual([theirs]);
      child.kill("SIGKILL");
      await exited;
      await inLoop(function* () {
        yield* writeAtomic(path, "mine again");
      });
      expect(readdirSync(dir)).toEqual(["shared.bin"]);
    } finally {
      child.kill("SIGKILL");
    }
  }, 60_000);

  it("which temporaries are stale: this process's not in flight, dead PIDs, old or foreign ones by age", async () => {
    const dir = scratch();
    const path = join(dir, "t.bin");
    const dead = await deadPid();
    // This process's own writer tag, seen on a write in flight.
    const own = await inLoop(function* () {
      const task = createTask(writeAtomic(path, Buffer.alloc(32 * 1024 * 1024)));
      let name: string | undefined;
      while ((name = temps(dir)[0]) === undefined) yield* sleep(0);
      yield* task;
      return /^\.t\.bin\.([0-9a-f]{8})-(\d+)-(\d+)\.[0-9a-f]{12}\.tmp$/.exec(name);
    });
    expect(own?.[2]).toBe(String(process.pid));
    const tag = own?.[1] as string;
    const thread = Number(own?.[3]);
    const hoursAgo = (n: number) => new Date(Date.now() - n * 3600_000);
    const make = (name: string, age = 0) => {
      writeFileSync(join(dir, name), "litter");
      if (age > 0) utimesSync(join(dir, name), hoursAgo(age), hoursAgo(age));
      return name;
    };
    const stale = [
      make(`.t.bin.${tag}-${process.pid}-${thread}.000000000001.tmp`), // this process, not in flight
      make(`.t.bin.${tag}-${dead}-0.000000000002.tmp`), // a process that ended
      make(".t.bin.0123456789ab.tmp", 2), // an earlier version's name, two hours old
      make(`.t.bin.deadbeef-${dead}-0.000000000003.tmp`, 2), // another machine's, two hours old
      make(`.t.bin.${tag}-0-0.000000000004.tmp`, 2), // no PID: by its age
    ];
    const kept = [
      make(`.t.bin.${tag}-${process.pid}-${thread + 1}.000000000005.tmp`), // another thread of this process
      make(`.t.bin.${tag}-${process.ppid}-0.000000000006.tmp`), // a live process
      make(".t.bin.ba9876543210.tmp"), // an earlier version's, fresh: maybe being written
      make(`.t.bin.deadbeef-${dead}-0.000000000007.tmp`), // another machine's, fresh
      make(".t.bin.not-ours.tmp", 2),
      make(`.u.bin.${tag}-${dead}-0.000000000008.tmp`), // another file's
      make(".t.bin.tmp"),
    ];
    // A stale name that cannot be removed (a directory): the write still succeeds.
    mkdirSync(join(dir, `.t.bin.${tag}-${dead}-0.000000000009.tmp`));
    writeFileSync(join(dir, `.t.bin.${tag}-${dead}-0.000000000009.tmp`, "x"), "");
    kept.push(`.t.bin.${tag}-${dead}-0.000000000009.tmp`);
    await inLoop(function* () {
      // Writes in flight in this process are never taken for litter.
      const contents = Array.from({ length: 6 }, (_, i) => Buffer.alloc(4 * 1024 * 1024, 0x61 + i));
      yield* gather(...contents.map((c) => writeAtomic(path, c, { fsync: false })));
      expect(contents.some((c) => readFileSync(path).equals(c))).toBe(true);
    });
    expect(temps(dir)).toEqual(kept.filter((n) => n.endsWith(".tmp")).sort());
    for (const name of stale) expect(existsSync(join(dir, name))).toBe(false);
    // removeStaleTemps cleans every file's in the directory; old names only beside their file.
    make(".u.bin.0123456789ab.tmp", 2);
    make(".gone.bin.0123456789ab.tmp", 2);
    writeFileSync(join(dir, "u.bin"), "");
    const removed = await inLoop(() => removeStaleTemps(dir));
    expect(removed.sort()).toEqual(
      [`.u.bin.${tag}-${dead}-0.000000000008.tmp`, ".u.bin.0123456789ab.tmp"].sort(),
    );
    expect(existsSync(join(dir, ".gone.bin.0123456789ab.tmp"))).toBe(true);
  }, 60_000);

  it("a file name of 250 bytes: its temporaries' names stay within 255", async () => {
    const dir = scratch();
    const path = join(dir, "n".repeat(250));
    await inLoop(function* () {
      yield* writeAtomic(path, "long");
      yield* writeAtomic(path, "longer");
    });
    expect(readFileSync(path, "utf8")).toBe("longer");
    expect(readdirSync(dir)).toEqual(["n".repeat(250)]);
  });
});
