/**
 * Tests written against surviving mutants of src/atomic.ts (see MUTATION.md): the modes a write
 * gives, file URLs, descriptors, the temporaries' names, and which names removeStaleTemps takes
 * for litter.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import {
  chmodSync,
  lutimesSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { createTask, sleep } from "@aio/task";
import { describe, expect, it } from "vitest";
import { removeStaleTemps, writeAtomic } from "../src/index.js";
import { inLoop, scratch } from "./helpers.js";

/** The temporaries in `dir`. */
function temps(dir: string): string[] {
  return readdirSync(dir)
    .filter((n) => n.endsWith(".tmp"))
    .sort();
}

/** The name of the temporary a write of 32 MiB to `path` uses, seen while it is in flight. */
function tempOf(dir: string, path: string): Promise<string> {
  return inLoop(function* () {
    const task = createTask(writeAtomic(path, Buffer.alloc(32 * 1024 * 1024), { fsync: false }));
    let name: string | undefined;
    while ((name = temps(dir)[0]) === undefined) yield* sleep(0);
    yield* task;
    return name;
  });
}

/** The PID of a process that has ended (and been reaped). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
  await new Promise((resolve) => child.once("exit", resolve));
  return child.pid as number;
}

/** What this process's descriptors point to (Linux). */
function openPaths(): string[] {
  const paths: string[] = [];
  for (const fd of readdirSync("/proc/self/fd")) {
    try {
      paths.push(readlinkSync(`/proc/self/fd/${fd}`));
    } catch {
      // closed meanwhile (the listing's own descriptor)
    }
  }
  return paths;
}

const hoursAgo = (n: number) => new Date(Date.now() - n * 3600_000);

describe("writeAtomic (mutation)", () => {
  it("an existing file keeps its mode, bits the umask clears included; an explicit mode wins", async () => {
    const dir = scratch();
    const wide = join(dir, "wide");
    const told = join(dir, "told");
    const fresh = join(dir, "fresh");
    writeFileSync(wide, "old");
    chmodSync(wide, 0o666); // the umask (022 here) would make a new file 0o644
    writeFileSync(told, "old");
    chmodSync(told, 0o666);
    const umask = 0o022;
    await inLoop(function* () {
      yield* writeAtomic(wide, "new");
      yield* writeAtomic(told, "new", { mode: 0o600 });
      yield* writeAtomic(fresh, "new");
    });
    expect(statSync(wide).mode & 0o7777).toBe(0o666);
    expect(statSync(told).mode & 0o7777).toBe(0o600);
    expect(statSync(fresh).mode & 0o7777).toBe(0o666 & ~umask);
    expect(readFileSync(wide, "utf8")).toBe("new");
  });

  it("a file URL names the file by its decoded path (writeAtomic and removeStaleTemps)", async () => {
    const dir = scratch();
    const path = join(dir, "a b é.txt");
    const dead = await deadPid();
    const tag = /^\.a b é\.txt\.([0-9a-f]{8})-/.exec(await tempOf(dir, path))?.[1] as string;
    const litter = `.a b é.txt.${tag}-${dead}-0.000000000001.tmp`;
    writeFileSync(join(dir, litter), "litter");
    await inLoop(function* () {
      expect(yield* writeAtomic(pathToFileURL(path), "by URL")).toBe(6);
    });
    expect(readFileSync(path, "utf8")).toBe("by URL");
    expect(readdirSync(dir)).toEqual(["a b é.txt"]);
    writeFileSync(join(dir, litter), "litter");
    const removed = await inLoop(() => removeStaleTemps(pathToFileURL(dir)));
    expect(removed).toEqual([litter]);
    expect(readdirSync(dir)).toEqual(["a b é.txt"]);
  });

  it("leaves no descriptor open on the file or its directory, with or without fsync", async () => {
    const dir = scratch();
    const path = join(dir, "f.bin");
    await inLoop(function* () {
      yield* writeAtomic(path, "synced");
      yield* writeAtomic(path, new Uint8Array([1, 2]), { fsync: false });
      yield* writeAtomic(path, "synced again", { fsync: true });
    });
    expect(openPaths().filter((p) => p === dir || p.startsWith(`${dir}/`))).toEqual([]);
  });

  it("a write that fails midway has removed its temporary when the error comes out", async () => {
    const dir = scratch();
    const path = join(dir, "e.txt");
    writeFileSync(path, "old");
    const text = `${"x".repeat(5 * 1024 * 1024)}\ud800`; // past the first piece: fails mid-write
    await inLoop(function* () {
      let failed = false;
      try {
        yield* writeAtomic(path, text, { fsync: false });
      } catch {
        failed = true;
      }
      expect(failed).toBe(true);
      expect(readdirSync(dir)).toEqual(["e.txt"]);
    });
    expect(readFileSync(path, "utf8")).toBe("old");
  });

  it("the earlier writers' litter is gone when the write returns", async () => {
    const dir = scratch();
    const path = join(dir, "s.bin");
    const dead = await deadPid();
    const tag = /^\.s\.bin\.([0-9a-f]{8})-/.exec(await tempOf(dir, path))?.[1] as string;
    for (let i = 0; i < 300; i++)
      writeFileSync(join(dir, `.s.bin.${tag}-${dead}-0.${i.toString(16).padStart(12, "0")}.tmp`), "x");
    await inLoop(function* () {
      yield* writeAtomic(path, "new", { fsync: false });
      expect(readdirSync(dir)).toEqual(["s.bin"]);
    });
  });

  it("temporaries' names: the file's name up to 160 bytes, else 32 hex digits of its hash; the writer tag", async () => {
    const dir = scratch();
    const at = "n".repeat(160);
    const over = "o".repeat(161);
    const own = await tempOf(dir, join(dir, at));
    const hashed = await tempOf(dir, join(dir, over));
    const overHash = createHash("sha256").update(over).digest("hex").slice(0, 32);
    // The writer: a hash of the host name, the PID namespace and the boot; the PID; the thread.
    const machine = createHash("sha256")
      .update(
        [
          hostname(),
          readlinkSync("/proc/self/ns/pid"),
          readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim(),
        ].join("\0"),
      )
      .digest("hex")
      .slice(0, 8);
    const { threadId } = await import("node:worker_threads");
    const writer = `${machine}-${process.pid}-${threadId}`;
    expect(own).toMatch(new RegExp(`^\\.${at}\\.${writer}\\.[0-9a-f]{12}\\.tmp$`));
    expect(hashed).toMatch(new RegExp(`^\\.${overHash}\\.${writer}\\.[0-9a-f]{12}\\.tmp$`));
    expect(readdirSync(dir).sort()).toEqual([at, over].sort());
  });
});

describe("writeAtomic (mutation, session 11)", () => {
  it("a name of the file's temporaries' form by no writer is left, and does not stop the cleaning", async () => {
    const dir = scratch();
    const path = join(dir, "s.bin");
    const dead = await deadPid();
    const tag = /^\.s\.bin\.([0-9a-f]{8})-/.exec(await tempOf(dir, path))?.[1] as string;
    // Neither a writer's name nor an old one: not ours, kept. Listed first (libuv sorts the
    // names; "-" sorts before any hex digit): the litter after them is still removed.
    const foreign = [".s.bin.-.tmp", ".s.bin.-not-a-writer.tmp"];
    for (const name of foreign) writeFileSync(join(dir, name), "keep");
    for (let i = 0; i < 200; i++)
      writeFileSync(join(dir, `.s.bin.${tag}-${dead}-0.${i.toString(16).padStart(12, "0")}.tmp`), "x");
    await inLoop(function* () {
      yield* writeAtomic(path, "new", { fsync: false });
    });
    expect(readdirSync(dir).sort()).toEqual([...foreign, "s.bin"].sort());
  });
});

describe("removeStaleTemps (mutation)", () => {
  it("which names it takes for a file's temporary: a dot, a name, a writer or an old name, .tmp", async () => {
    const dir = scratch();
    const dead = await deadPid();
    const tag = /^\.t\.bin\.([0-9a-f]{8})-/.exec(await tempOf(dir, join(dir, "t.bin")))?.[1] as string;
    for (const file of ["a", "u.bin", "w.bin"]) writeFileSync(join(dir, file), "");
    const make = (name: string, age = 0) => {
      writeFileSync(join(dir, name), "litter");
      if (age > 0) utimesSync(join(dir, name), hoursAgo(age), hoursAgo(age));
      return name;
    };
    const stale = [
      make(".a.0123456789ab.tmp", 2), // an old name of a one-letter file
      make(`.v.bin.${tag}-${dead}-12.000000000001.tmp`), // a dead writer, thread 12
      make(`.v.bin.${tag}-${dead}-0.000000000002.tmp`),
      make(`.tmp.${tag}-${dead}-0.000000000003.tmp`), // a file named tmp
    ];
    const kept = [
      make("xu.bin.0123456789ab.tmp", 2), // no leading dot
      make(`..${tag}-${dead}-0.000000000003.tmp`), // no file name
      make(`.${tag}-${dead}-0.000000000004.tmp`),
      make(`.v.bin.${tag}-${dead}-0.000000000005.tmp.bak`),
      make(".u.bin.0123456789ab.tmp.0123456789ab.tmp", 2), // the name is u.bin.0123456789ab.tmp
    ];
    // An old name that is a symbolic link, two hours old: not a file of ours.
    symlinkSync("u.bin", join(dir, ".w.bin.0123456789ab.tmp"));
    lutimesSync(join(dir, ".w.bin.0123456789ab.tmp"), hoursAgo(2), hoursAgo(2));
    kept.push(".w.bin.0123456789ab.tmp");
    const removed = await inLoop(() => removeStaleTemps(dir));
    expect(removed.sort()).toEqual(stale.sort());
    expect(readdirSync(dir).sort()).toEqual(["a", "t.bin", "u.bin", "w.bin", ...kept].sort());
  });
});
