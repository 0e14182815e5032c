/** aio-par on real child processes: the library in-process, the CLI as a child process. */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { run } from "@aio/task";
import { afterAll, describe, expect, it } from "vitest";
import { par } from "../src/par.js";

const cli = join(dirname(fileURLToPath(import.meta.url)), "..", "src", "cli.ts");
const dir = mkdtempSync(join(tmpdir(), "aio-par-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const NODE = ["--no-warnings", "--conditions=aio-source", "--import", "tsx", cli];

/** Whether `pid` runs (a zombie, dead but not yet reaped by whoever adopted it, does not). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "latin1");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

describe("par()", () => {
  it("runs every command, gives each line with its number, and says how each ended", async () => {
    const lines: string[] = [];
    const results = await run(
      par(["echo one; echo two", "echo oops >&2; exit 3", "printf 'no newline'", "kill -TERM $$"], {
        jobs: 2,
        onLine: (i, stream, line) => lines.push(`${i} ${stream} ${line}`),
      }),
    );
    expect(results.map((r) => [r.index, r.outcome, r.returncode])).toEqual([
      [1, "ok", 0],
      [2, "failed", 3],
      [3, "ok", 0],
      [4, "failed", -15],
    ]);
    // Each command's lines in their order (commands interleave among themselves).
    expect(lines.filter((l) => l.startsWith("1 "))).toEqual(["1 stdout one", "1 stdout two"]);
    expect(lines).toContain("2 stderr oops");
    expect(lines).toContain("3 stdout no newline");
    expect(lines.length).toBe(4);
  });

  it("never runs more than `jobs` commands at once", async () => {
    const log = join(dir, "concurrency.log");
    const commands = Array.from(
      { length: 8 },
      (_, i) => `echo +${i} >> ${log}; sleep 0.2; echo -${i} >> ${log}`,
    );
    await run(par(commands, { jobs: 3, onLine: () => {} }));
    let running = 0;
    let most = 0;
    for (const line of readFileSync(log, "utf8").trim().split("\n")) {
      running += line.startsWith("+") ? 1 : -1;
      most = Math.max(most, running);
    }
    expect(running).toBe(0);
    expect(most).toBe(3);
  });

  it("a line reaches the sink when it is written, not when the command ends", async () => {
    const seen: [string, number][] = [];
    const started = performance.now();
    await run(
      par(["echo first; sleep 1; echo second"], {
        onLine: (_i, _s, line) => seen.push([line, performance.now() - started]),
      }),
    );
    expect(seen.map(([l]) => l)).toEqual(["first", "second"]);
    expect((seen[1] as [string, number])[1] - (seen[0] as [string, number])[1]).toBeGreaterThan(700);
  });

  it("refuses a bad job count", async () => {
    await expect(run(par(["true"], { jobs: 0, onLine: () => {} }))).rejects.toThrow(
      "jobs must be a whole number >= 1, got 0",
    );
  });
});

describe("aio-par (the CLI)", () => {
  it("prefixes output, sums up, and exits 1 when a command failed", () => {
    const r = spawnSync("node", [...NODE, "-j", "2", "echo hello", "echo bad >&2; exit 4"], {
      encoding: "utf8",
    });
    expect(r.stdout).toBe("[1] hello\n");
    expect(r.stderr).toBe(
      "[2] bad\naio-par: 2 commands: 1 succeeded, 1 failed\n[2] exit 4: echo bad >&2; exit 4\n",
    );
    expect(r.status).toBe(1);
  });

  it("exits 0 when every command succeeded; 2 with a usage line for bad arguments", () => {
    const ok = spawnSync("node", [...NODE, "true", "echo x"], { encoding: "utf8" });
    expect(ok.status).toBe(0);
    expect(ok.stderr).toBe("aio-par: 2 commands: 2 succeeded, 0 failed\n");
    const bad = spawnSync("node", [...NODE, "-j", "zero", "true"], { encoding: "utf8" });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe(
      "aio-par: -j must be a whole number >= 1, got 'zero'\nusage: aio-par [-j N] COMMAND...\n",
    );
  });

  it("Ctrl-C (SIGINT) kills the running commands and what they started, skips the rest, exits 130", async () => {
    const pids = [1, 2].map((i) => join(dir, `pid-${i}`));
    const commands = pids.map((file) => `sleep 60 & echo $! > ${file}; echo started; wait`);
    commands.push("echo never");
    const child = spawn("node", [...NODE, "-j", "2", ...commands]);
    let out = "";
    let err = "";
    child.stdout.setEncoding("utf8").on("data", (c: string) => {
      out += c;
    });
    child.stderr.setEncoding("utf8").on("data", (c: string) => {
      err += c;
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    try {
      const deadline = Date.now() + 20_000;
      while (
        !(
          out.match(/started/g)?.length === 2 &&
          pids.every((f) => existsSync(f) && readFileSync(f, "utf8").trim())
        )
      ) {
        if (Date.now() > deadline) throw new Error(`the commands did not start: ${out} ${err}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      const sleepers = pids.map((f) => Number(readFileSync(f, "utf8")));
      expect(sleepers.every(alive)).toBe(true);
      child.kill("SIGINT");
      expect(await exited).toBe(130);
      expect(sleepers.some(alive)).toBe(false); // the grandchildren (sleep 60) went with their groups
      expect(out).not.toContain("never");
      expect(err).toMatch(/^aio-par: 3 commands: 0 succeeded, 0 failed, 2 killed, 1 not started\n/m);
      expect(err).toContain("[1] killed (-15): ");
      expect(err).toContain("[3] not started: echo never");
    } finally {
      child.kill("SIGKILL");
    }
  });
});
