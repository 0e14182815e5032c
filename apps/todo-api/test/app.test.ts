/**
 * The to-do API through web.TestClient; the README's curl calls against a fresh server; and a real
 * server process stopped by SIGTERM while a request is in flight.
 */
import { execFile, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { MultipartWriter, web } from "@aio/http";
import { type Coro, fromPromise, gather, run, using } from "@aio/task";
import { describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";

const here = dirname(fileURLToPath(import.meta.url));

function withClient<T>(body: (client: web.TestClient) => Coro<T>): Promise<T> {
  return run(using(new web.TestClient(new web.TestServer(createApp())), body));
}

function* call(
  client: web.TestClient,
  method: string,
  path: string,
  json?: unknown,
): Coro<[number, unknown]> {
  return yield* using(client.request(method, path, json === undefined ? {} : { json }), function* (r) {
    const text = yield* r.text();
    return [r.status, text === "" ? null : r.contentType === "application/json" ? JSON.parse(text) : text];
  });
}

describe("the API", () => {
  it("creates, lists, filters, updates and deletes; ids stay unique under concurrent creates (the Lock)", async () => {
    const got = await withClient(function* (client) {
      const created = yield* gather(
        ...Array.from({ length: 20 }, (_, i) => call(client, "POST", "/todos", { title: `t${i}` })),
      );
      const ids = created.map(([, t]) => (t as { id: number }).id).sort((a, b) => a - b);
      const patched = yield* call(client, "PATCH", "/todos/3", { done: true, title: " renamed " });
      const done = yield* call(client, "GET", "/todos?done=true");
      const deleted = yield* call(client, "DELETE", "/todos/3");
      const after = yield* call(client, "GET", "/todos/3");
      const all = yield* call(client, "GET", "/todos");
      return {
        statuses: created.map(([s]) => s),
        ids,
        patched,
        done,
        deleted,
        after,
        count: (all[1] as unknown[]).length,
      };
    });
    expect(got.statuses.every((s) => s === 201)).toBe(true);
    expect(got.ids).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(got.patched).toEqual([200, { id: 3, title: "renamed", done: true }]);
    expect(got.done).toEqual([200, [{ id: 3, title: "renamed", done: true }]]);
    expect(got.deleted).toEqual([204, null]);
    expect(got.after).toEqual([404, { error: "no such to-do" }]);
    expect(got.count).toBe(19);
  });

  it("validation: each bad body is a 400 that names the problem; a body past 64 KiB is a 413", async () => {
    const got = await withClient(function* (client) {
      return [
        yield* call(client, "POST", "/todos", { title: 5 }),
        yield* call(client, "POST", "/todos", { title: "x".repeat(201) }),
        yield* call(client, "POST", "/todos", ["x"]),
        yield* call(client, "POST", "/todos", { title: "x", done: "yes" }),
        yield* call(client, "PATCH", "/todos/1", { done: true }),
        yield* call(client, "GET", "/todos?done=maybe"),
        yield* call(client, "POST", "/todos", { title: "y".repeat(70_000) }),
      ];
    });
    expect(got).toEqual([
      [400, { error: "title must be a non-empty string" }],
      [400, { error: "title must be at most 200 characters" }],
      [400, { error: "send a JSON object" }],
      [400, { error: "done must be true or false" }],
      [404, { error: "no such to-do" }],
      [400, { error: "done must be true or false" }],
      [413, "Maximum request body size 65536 exceeded, actual body size 70012"],
    ]);
  });
});

describe("the README", () => {
  it("every curl call prints what the README says", async () => {
    const readme = readFileSync(join(here, "..", "README.md"), "utf8");
    const block = (/```console\n([\s\S]*?)```/.exec(readme)?.[1] ?? "").replace(/\n$/, "");
    const calls: { cmd: string; want: string }[] = [];
    for (const line of block.split("\n")) {
      if (line.startsWith("$ ")) calls.push({ cmd: line.slice(2), want: "" });
      else if (calls.length > 0) (calls.at(-1) as { want: string }).want += `${line}\n`;
    }
    expect(calls.length).toBeGreaterThan(10);
    const results = await withClient(function* (client) {
      const host = new URL(client.server.url).host;
      const out: [string, string][] = [];
      for (const { cmd, want } of calls) {
        const real = cmd.replaceAll("localhost:8080", host);
        const { stdout } = yield* fromPromise(promisify(execFile)("sh", ["-c", real], { encoding: "utf8" }));
        out.push([stdout.replaceAll(host, "localhost:8080"), want.replace(/\n$/, "")]);
      }
      return out;
    });
    for (const [got, want] of results) expect(got.replace(/\n$/, "")).toBe(want);
  });
});

describe("the server", () => {
  it("SIGTERM while a request streams: the request completes, the process exits 0", async () => {
    const server = spawn(
      process.execPath,
      ["--no-warnings", "--conditions=aio-source", "--import", "tsx", join(here, "..", "src", "server.ts")],
      {
        env: { ...process.env, PORT: "0" },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let out = "";
    server.stdout.on("data", (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => server.on("exit", resolve));
    const deadline = Date.now() + 20_000;
    while (!out.includes("Running on") && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const base = /Running on (http:\/\/\S+)/.exec(out)?.[1] as string;
    const answer = await fetch(`${base}/todos`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: '{"title":"before"}',
    });
    expect(answer.status).toBe(201);
    server.kill("SIGTERM");
    expect(await exited).toBe(0);
    await expect(fetch(`${base}/todos`)).rejects.toThrow();
  });
});

describe("the feed and the attachments", () => {
  it("the WebSocket feed tells each change in order, to every subscriber, until it closes", async () => {
    const got = await withClient(function* (client) {
      const a = yield* client.wsConnect("/todos/feed");
      const b = yield* client.wsConnect("/todos/feed");
      yield* call(client, "POST", "/todos", { title: "watch me" });
      yield* call(client, "PATCH", "/todos/1", { done: true });
      yield* call(client, "DELETE", "/todos/1");
      const seen: unknown[][] = [];
      for (const ws of [a, b]) {
        const events: unknown[] = [];
        for (let i = 0; i < 3; i++) events.push(yield* ws.receiveJson());
        seen.push(events);
      }
      yield* b.close();
      yield* call(client, "POST", "/todos", { title: "after b left" });
      const lastForA = yield* a.receiveJson();
      yield* a.close();
      return { seen, lastForA };
    });
    const expected = [
      { event: "created", todo: { id: 1, title: "watch me", done: false } },
      { event: "updated", todo: { id: 1, title: "watch me", done: true } },
      { event: "deleted", todo: { id: 1, title: "watch me", done: true } },
    ];
    expect(got.seen).toEqual([expected, expected]);
    expect(got.lastForA).toEqual({ event: "created", todo: { id: 2, title: "after b left", done: false } });
  });

  it("a multipart upload is written to disk part by part with @aio/fs; names are base names; a missing to-do is a 404", async () => {
    const uploadDir = mkdtempSync(join(tmpdir(), "todo-uploads-"));
    try {
      const big = Buffer.alloc(3 * 1024 * 1024 + 17, 7); // over the app's 64 KiB clientMaxSize: streamed, not read whole
      const got = await run(
        using(new web.TestClient(new web.TestServer(createApp({ uploadDir }))), function* (client) {
          yield* call(client, "POST", "/todos", { title: "with files" });
          const form = new MultipartWriter("form-data");
          form
            .append(big, { "Content-Type": "application/octet-stream" })
            .setContentDisposition("form-data", { name: "files", filename: "big.bin" });
          // a name that tries to climb out of the directory, as a hostile client would send it
          form.append(Buffer.from("hello"), {
            "Content-Type": "text/plain",
            "Content-Disposition": 'form-data; name="files"; filename="../../notes.txt"',
          });
          const upload = yield* using(client.post("/todos/1/attachments", { data: form }), function* (r) {
            return [r.status, yield* r.json()];
          });
          const listed = yield* call(client, "GET", "/todos/1/attachments");
          const missing = yield* using(client.post("/todos/9/attachments", { data: form }), (r) => r.text());
          const notMultipart = yield* call(client, "POST", "/todos/1/attachments", { a: 1 });
          return { upload, listed, missing, notMultipart };
        }),
      );
      expect(got.upload).toEqual([
        201,
        [
          { name: "big.bin", size: big.length },
          { name: "notes.txt", size: 5 },
        ],
      ]);
      expect(got.listed).toEqual([
        200,
        [
          { name: "big.bin", size: big.length },
          { name: "notes.txt", size: 5 },
        ],
      ]);
      expect(readFileSync(join(uploadDir, "1", "big.bin")).equals(big)).toBe(true);
      expect(readFileSync(join(uploadDir, "1", "notes.txt"), "utf8")).toBe("hello");
      expect(got.missing).toBe('{"error":"no such to-do"}');
      expect(got.notMultipart).toEqual([400, { error: "send multipart/form-data" }]);
    } finally {
      rmSync(uploadDir, { recursive: true, force: true });
    }
  });
});
