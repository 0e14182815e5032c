/**
 * fetch-many against servers on 127.0.0.1 (started and closed by each test): what it saves, how it
 * bounds and retries, that a cancellation (Ctrl-C for the command) leaves no partial file, and what
 * it prints.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { PassThrough } from "node:stream";
import { fileURLToPath } from "node:url";
import { createTask, run, sleep } from "@aio/task";
import { afterEach, describe, expect, it } from "vitest";
import { parseArgs } from "../src/args.js";
import { type FetchResult, fetchMany, fileNameFor, parseUrlList } from "../src/fetch-many.js";
import { lines, progressFor } from "../src/progress.js";
import { summary } from "../src/summary.js";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), "fetch-many-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function server(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const sockets = new Set<Socket>();
  const s = createServer(handler);
  s.on("connection", (c) => {
    sockets.add(c);
    c.on("close", () => sockets.delete(c));
  });
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        for (const c of sockets) c.destroy();
        s.close(() => resolve());
      }),
  );
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
}

const body = (name: string) => Buffer.from(`${name}:`.repeat(20_000));

describe("fetchMany", () => {
  it("saves every URL under a unique name, at most `concurrency` at once, results in the order given", async () => {
    let now = 0;
    let peak = 0;
    const base = await server((req, res) => {
      now++;
      peak = Math.max(peak, now);
      setTimeout(() => {
        now--;
        res.end(body(req.url as string));
      }, 30);
    });
    const out = join(scratch(), "nested", "out");
    const urls = ["/a.txt", "/b.txt", "/a.txt", "/", "/dir/c.txt", "/d", "/e", "/f"].map((p) => base + p);
    const results = await run(fetchMany(urls, { outDir: out, concurrency: 3 }));
    expect(peak).toBe(3);
    expect(results.map((r) => [r.url, r.file.slice(out.length + 1), r.status, r.error, r.attempts])).toEqual([
      [urls[0], "a.txt", 200, null, 1],
      [urls[1], "b.txt", 200, null, 1],
      [urls[2], "a-2.txt", 200, null, 1],
      [urls[3], "127.0.0.1", 200, null, 1],
      [urls[4], "c.txt", 200, null, 1],
      [urls[5], "d", 200, null, 1],
      [urls[6], "e", 200, null, 1],
      [urls[7], "f", 200, null, 1],
    ]);
    for (const r of results) {
      const path = new URL(r.url).pathname;
      expect(readFileSync(r.file).equals(body(path))).toBe(true);
      expect(r.bytes).toBe(body(path).length);
    }
    expect(readdirSync(out).sort()).toEqual([
      "127.0.0.1",
      "a-2.txt",
      "a.txt",
      "b.txt",
      "c.txt",
      "d",
      "e",
      "f",
    ]);
  });

  it("retries 503 (after Retry-After), 429, a body cut short and a refused connection; not 404", async () => {
    const hits = new Map<string, number>();
    const base = await server((req, res) => {
      const n = (hits.get(req.url as string) ?? 0) + 1;
      hits.set(req.url as string, n);
      if (req.url === "/busy" && n < 3) return void res.writeHead(503, { "Retry-After": "0" }).end("busy");
      if (req.url === "/limited" && n < 2) return void res.writeHead(429).end("slow down");
      if (req.url === "/cut" && n < 2) {
        res.writeHead(200, { "Content-Length": "1000" });
        res.write("only part of it");
        setTimeout(() => res.destroy(), 20);
        return;
      }
      if (req.url === "/missing") return void res.writeHead(404).end("no");
      if (req.url === "/always") return void res.writeHead(500).end("broken");
      res.end(body(req.url as string));
    });
    const out = scratch();
    const retried: string[] = [];
    const results = await run(
      fetchMany(
        [
          `${base}/busy`,
          `${base}/limited`,
          `${base}/cut`,
          `${base}/missing`,
          `${base}/always`,
          "http://127.0.0.1:1/x",
        ],
        {
          outDir: out,
          retries: 2,
          backoff: 0.01,
          jitter: false,
          events: {
            retry: (url, attempt, delay) => retried.push(`${new URL(url).pathname} ${attempt} ${delay}`),
          },
        },
      ),
    );
    expect(results.map((r) => [r.status, r.attempts, r.error])).toEqual([
      [200, 3, null],
      [200, 2, null],
      [200, 2, null],
      [404, 1, "HTTP 404 Not Found"],
      [500, 3, "HTTP 500 Internal Server Error"],
      [
        null,
        3,
        "ClientConnectorError: Cannot connect to host 127.0.0.1:1 ssl:default [Connect call failed ('127.0.0.1', 1)]",
      ],
    ]);
    expect(hits.get("/missing")).toBe(1);
    // Retry-After: 0 is honoured; otherwise the backoff doubles (no jitter here).
    expect(retried.filter((r) => r.startsWith("/busy"))).toEqual(["/busy 1 0", "/busy 2 0"]);
    expect(retried.filter((r) => r.startsWith("/always"))).toEqual(["/always 1 0.01", "/always 2 0.02"]);
    // Only what came whole is on disk: no file for the failures, no temporary file left.
    expect(readdirSync(out).sort()).toEqual(["busy", "cut", "limited"]);
    expect(readFileSync(join(out, "cut")).equals(body("/cut"))).toBe(true);
  });

  it("cancelled mid-download: every download stops and no partial or temporary file is left", async () => {
    let started = 0;
    const base = await server((req, res) => {
      started++;
      if (req.url === "/quick") return void res.end("quick");
      res.writeHead(200, { "Content-Length": "1000000" });
      res.write(Buffer.alloc(100_000, 0x61)); // and never the rest
    });
    const out = scratch();
    const got = await run(
      (function* () {
        const task = createTask(
          fetchMany([`${base}/quick`, `${base}/slow1`, `${base}/slow2`], { outDir: out, concurrency: 3 }),
        );
        while (started < 3) yield* sleep(0.01);
        yield* sleep(0.1); // the slow bodies are being written
        task.cancel();
        try {
          yield* task;
          return "finished";
          // eslint-disable-next-line @aio/no-swallowed-cancellation -- the test reads the cancelled task's error
        } catch (err) {
          return (err as Error).name;
        }
      })(),
    );
    expect(got).toBe("CancelledError");
    expect(readdirSync(out)).toEqual(["quick"]);
  });

  it("refuses bad input before anything starts", async () => {
    const out = scratch();
    const attempt = (urls: string[], options = {}) =>
      run(fetchMany(urls, { outDir: out, ...options })).catch((e: Error) => `${e.name}: ${e.message}`);
    expect(await attempt(["nope"])).toBe('RangeError: not a URL: "nope"');
    expect(await attempt(["ftp://x/y"])).toBe(
      'RangeError: only http and https URLs can be fetched, got "ftp://x/y"',
    );
    expect(await attempt(["http://x/"], { concurrency: 0 })).toBe(
      "RangeError: concurrency must be a positive integer, got 0",
    );
    expect(await attempt(["http://x/"], { retries: -1 })).toBe(
      "RangeError: retries must be a non-negative integer, got -1",
    );
    expect(readdirSync(out)).toEqual([]);
  });
});

describe("names, lists, arguments", () => {
  it("file names: last segment, host for /, unsafe characters replaced, duplicates numbered", () => {
    const taken = new Set<string>();
    const names = [
      "http://h/a/b.html",
      "http://h/",
      "http://h/a/b.html?x=1",
      "http://h/%ED%95%9C%EA%B8%80.txt",
      "http://h/we%20ird%3Cname%3E",
      "http://h/..hidden",
      "http://h/100%zz",
      "http://h/a%E0%A4%A",
    ].map((u) => fileNameFor(u, taken));
    expect(names).toEqual([
      "b.html",
      "h",
      "b-2.html",
      "한글.txt",
      "we_ird_name_",
      "_hidden",
      "100_zz",
      "a_E0_A4_A",
    ]);
  });

  it("a path with a malformed escape is fetched as written (issue 22: it was 'URI malformed', naming no URL)", async () => {
    const base = await server((req, res) => res.end(`path ${req.url}`));
    const out = scratch();
    const results = await run(fetchMany([`${base}/100%zz`], { outDir: out }));
    expect(results.map((r) => [r.status, r.error, r.file.slice(out.length + 1)])).toEqual([
      [200, null, "100_zz"],
    ]);
    expect(readFileSync(join(out, "100_zz"), "utf8")).toBe("path /100%zz");
  });

  it("URL lists skip blank lines and comments; arguments are checked with a clear message", () => {
    expect(parseUrlList("# list\nhttp://a/1\r\n\n  http://a/2  \n#x\n")).toEqual([
      "http://a/1",
      "http://a/2",
    ]);
    expect(parseArgs(["-c", "2", "-r", "0", "--backoff", "1.5", "-o", "d", "http://a/"])).toEqual({
      out: "d",
      concurrency: 2,
      retries: 0,
      backoff: 1.5,
      timeout: null,
      urls: ["http://a/"],
    });
    expect(parseArgs(["-c", "x", "http://a/"])).toBe('-c takes a non-negative integer, got "x"');
    expect(parseArgs(["-c", "0", "http://a/"])).toBe("-c must be at least 1");
    expect(parseArgs(["--timeout"])).toBe('--timeout takes a number of seconds, got ""');
    expect(parseArgs(["--bogus"])).toMatch(/^unknown option --bogus\nusage: fetch-many/);
    expect(parseArgs([])).toMatch(/^usage: fetch-many/);
  });

  it("the command line's usual forms: --flag=value, -c4, -- before a URL that starts with -", () => {
    expect(parseArgs(["--out=d", "-c4", "--timeout=2.5", "http://a/", "--", "-odd"])).toEqual({
      out: "d",
      concurrency: 4,
      retries: 3,
      backoff: 0.5,
      timeout: 2.5,
      urls: ["http://a/", "-odd"],
    });
    // A flag is named as it was written, long or short.
    expect(parseArgs(["--concurrency=0", "http://a/"])).toBe("--concurrency must be at least 1");
    expect(parseArgs(["-r", "-1", "http://a/"])).toBe('-r takes a non-negative integer, got "-1"');
    expect(parseArgs(["-o"])).toBe("-o takes a directory");
    expect(parseArgs(["-hx"])).toBe(parseArgs(["-h"]));
    expect(parseArgs(["-x", "http://a/"])).toMatch(/^unknown option -x\nusage: fetch-many/);
    expect(parseArgs(["--help=yes"])).toBe('--help takes no value, got "yes"');
  });
});

describe("output", () => {
  const results: FetchResult[] = [
    { url: "http://h/a", file: "out/a", status: 200, bytes: 2048, attempts: 1, seconds: 0.25, error: null },
    {
      url: "http://h/missing",
      file: "out/missing",
      status: 404,
      bytes: 0,
      attempts: 1,
      seconds: 0.01,
      error: "HTTP 404 Not Found",
    },
  ];

  it("the summary table: aligned columns, then the totals", () => {
    expect(summary(results)).toBe(
      [
        "STATUS     SIZE    TIME  TRIES  URL               RESULT",
        "200     2.0 KiB  0.25 s      1  http://h/a        out/a",
        "404           -  0.01 s      1  http://h/missing  failed: HTTP 404 Not Found",
        "1 saved (2.0 KiB), 1 failed",
        "",
      ].join("\n"),
    );
  });

  it("plain lines when not on a terminal; live bars on one", () => {
    const plain = new PassThrough();
    let text = "";
    plain.on("data", (d: Buffer) => (text += d.toString()));
    const p = lines(plain);
    p.events.start?.("http://h/a", "out/a");
    p.events.retry?.("http://h/a", 1, 0.5, "HTTP 503 Service Unavailable");
    for (const r of results) p.events.done?.(r);
    expect(text).toBe(
      "start  http://h/a\n" +
        "retry  http://h/a (HTTP 503 Service Unavailable; attempt 2 in 0.5 s)\n" +
        "saved  http://h/a → out/a (2.0 KiB)\n" +
        "failed http://h/missing: HTTP 404 Not Found\n",
    );

    const tty = Object.assign(new PassThrough(), {
      isTTY: true,
      columns: 100,
      rows: 30,
      cursorTo() {},
      moveCursor() {},
      clearLine() {},
      clearScreenDown() {},
    });
    let drawn = "";
    tty.on("data", (d: Buffer) => (drawn += d.toString()));
    const bars = progressFor(tty as unknown as NodeJS.WriteStream, 2);
    bars.events.start?.("http://h/a", "out/a");
    bars.events.progress?.("http://h/a", 1024, 2048);
    bars.events.done?.(results[0] as FetchResult);
    bars.events.done?.(results[1] as FetchResult);
    bars.stop();
    expect(drawn).toContain("all files | 2/2");
    expect(drawn).toContain("100%");
    expect(drawn).toContain("failed http://h/missing: HTTP 404 Not Found");
  });
});

describe("the command", () => {
  const cli = join(dirname(fileURLToPath(import.meta.url)), "..", "src", "cli.ts");

  it("Ctrl-C: exit status 130, the summary of what was saved, no partial file", async () => {
    let started = 0;
    const base = await server((req, res) => {
      started++;
      if (req.url === "/done.txt") return void res.end("complete");
      res.writeHead(200, { "Content-Length": "10000000" });
      res.write(Buffer.alloc(200_000, 0x62)); // the rest never comes
    });
    const out = scratch();
    const child = spawn(
      process.execPath,
      [
        "--no-warnings",
        "--conditions=aio-source",
        "--import",
        "tsx",
        cli,
        "-o",
        out,
        `${base}/done.txt`,
        `${base}/big1`,
        `${base}/big2`,
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    cleanups.push(() => void child.kill("SIGKILL"));
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    const deadline = Date.now() + 30_000;
    while ((started < 3 || !stderr.includes("saved  ")) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    child.kill("SIGINT");
    expect(await exited).toBe(130);
    expect(stderr).toContain("fetch-many: interrupted — 1 of 3 saved, no partial files left");
    expect(stdout).toMatch(
      /^STATUS .*\n200 .* http:\/\/127\.0\.0\.1:\d+\/done\.txt .*done\.txt\n1 saved \(8 B\), 0 failed\n$/,
    );
    expect(readdirSync(out)).toEqual(["done.txt"]);
  });

  it("bad usage: exit status 2 and the reason", async () => {
    const child = spawn(
      process.execPath,
      ["--no-warnings", "--conditions=aio-source", "--import", "tsx", cli, "-c", "0", "http://a/"],
      {
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    expect(await new Promise((resolve) => child.on("exit", resolve))).toBe(2);
    expect(stderr).toBe("fetch-many: -c must be at least 1\n");
  });
});
