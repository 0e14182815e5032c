/**
 * WebSockets against aiohttp 3.8 (Debian's python3-aiohttp, installed by scripts/system-deps.mjs),
 * both ways: one exchange (subprotocols, text, bytes, a server ping, the server's close frame, the
 * client's close) is run by aiohttp's client against aiohttp's server — the reference transcript —
 * and then with our client and/or our server in their place; every pairing must print the same.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Coro, fromPromise, using } from "@aio/task";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ClientSession, type WSMessage, web } from "../src/index.js";
import { inLoop } from "./servers.js";

const fixtures = join(dirname(fileURLToPath(import.meta.url)), "fixtures");
const PYTHON = "/usr/bin/python3";

/** What the Python side prints for a message: `type data extra` (bytes as hex, None for null). */
function show(msg: WSMessage): string {
  const d = msg.data;
  const data = d === null ? "None" : Buffer.isBuffer(d) ? d.toString("hex") : String(d);
  return `${msg.type} ${data} ${msg.extra ?? "None"}`;
}

/** Our client's side of the exchange (aiohttp_ws_client.py's steps). */
function* ourClient(url: string): Coro<string> {
  return yield* using(new ClientSession(), function* (session) {
    const out: string[] = [];
    yield* using(session.wsConnect(url, { protocols: ["chat.v1", "chat.v2"] }), function* (ws) {
      out.push(`protocol ${ws.protocol ?? "None"}`);
      yield* ws.sendStr("hello");
      out.push(show(yield* ws.receive()));
      yield* ws.sendBytes(new Uint8Array([1, 2, 3]));
      out.push(show(yield* ws.receive()));
      yield* ws.sendStr("ping");
      yield* ws.sendStr("after");
      out.push(show(yield* ws.receive()));
      yield* ws.sendStr("close");
      out.push(show(yield* ws.receive()));
      out.push(show(yield* ws.receive()));
      out.push(`closed ${ws.closed ? "True" : "False"} ${ws.closeCode}`);
    });
    yield* using(session.wsConnect(url), function* (ws) {
      out.push(`protocol ${ws.protocol ?? "None"}`);
      const closed = yield* ws.close({ code: 4001, message: "bye" });
      out.push(`close ${closed ? "True" : "False"} ${ws.closeCode}`);
      out.push(show(yield* ws.receive()));
    });
    // permessage-deflate offered: what was agreed, and a big message both ways
    yield* using(session.wsConnect(url, { compress: 15 }), function* (ws) {
      out.push(`compress ${ws.compress}`);
      yield* ws.sendStr("z".repeat(5000));
      const msg = yield* ws.receive();
      out.push(`${msg.type} ${(msg.data as string).length} ${(msg.data as string).slice(0, 8)}`);
    });
    return out.join("\n");
  });
}

/** Our server: aiohttp_ws_server.py's handler. */
function ourApp(): web.Application {
  const app = new web.Application();
  app.router.addGet("/ws", function* (request) {
    const ws = new web.WebSocketResponse({ protocols: ["chat.v2", "chat.v1"] });
    yield* ws.prepare(request);
    for (;;) {
      const msg = yield* ws.receive();
      if (msg.type === web.WSMsgType.TEXT) {
        if (msg.data === "close") {
          yield* ws.close({ code: 4000, message: "asked to" });
          break;
        }
        if (msg.data === "ping") {
          yield* ws.ping("are you there");
          continue;
        }
        yield* ws.sendStr(`echo: ${msg.data}`);
      } else if (msg.type === web.WSMsgType.BINARY) {
        yield* ws.sendBytes(Buffer.from([...(msg.data as Buffer)].reverse()));
      } else break;
    }
    return ws;
  });
  return app;
}

/** Serves `ourApp()` on 127.0.0.1 while `body` runs with its WebSocket URL. */
function withOurServer(body: (url: string) => Coro<string>): Promise<string> {
  return inLoop(function* () {
    const runner = new web.AppRunner(ourApp());
    yield* runner.setup();
    const site = new web.TCPSite(runner, "127.0.0.1", 0);
    yield* site.start();
    try {
      return yield* body(`${site.name.replace("http:", "ws:")}/ws`);
    } finally {
      yield* runner.cleanup();
    }
  });
}

function pythonClient(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      PYTHON,
      [join(fixtures, "aiohttp_ws_client.py"), url],
      { timeout: 20000 },
      (err, stdout, stderr) => {
        if (err) reject(new Error(`${err.message}\n${stderr}`));
        else resolve(stdout.trimEnd());
      },
    );
  });
}

let pyServer: ChildProcess;
let pyUrl = "";
beforeAll(async () => {
  pyServer = spawn(PYTHON, [join(fixtures, "aiohttp_ws_server.py")], { stdio: ["pipe", "pipe", "inherit"] });
  const port = await new Promise<string>((resolve, reject) => {
    pyServer.once("error", reject);
    pyServer.stdout?.once("data", (d: Buffer) => resolve(d.toString().trim()));
  });
  pyUrl = `ws://127.0.0.1:${port}/ws`;
}, 20000);
afterAll(async () => {
  pyServer.stdin?.end();
  await new Promise((resolve) => pyServer.once("exit", resolve));
});

describe("WebSockets against aiohttp 3.8", () => {
  let reference = "";
  beforeAll(async () => {
    reference = await pythonClient(pyUrl);
  }, 30000);

  it("the reference transcript (aiohttp client, aiohttp server)", () => {
    expect(reference.split("\n")).toEqual([
      "protocol chat.v1",
      "1 echo: hello ",
      "2 030201 ",
      "1 echo: after ",
      "8 4000 asked to",
      "257 None None",
      "closed True 4000",
      "protocol None",
      "close True 1000",
      "257 None None",
      "compress 15",
      "1 5006 echo: zz",
    ]);
  });

  it("our client against aiohttp's server prints the same", async () => {
    expect(await inLoop(() => ourClient(pyUrl))).toBe(reference);
  });

  it("aiohttp's client against our server prints the same", async () => {
    const got = await withOurServer(function* (url) {
      return yield* fromPromise(pythonClient(url));
    });
    expect(got).toBe(reference);
  });

  it("our client against our server prints the same", async () => {
    expect(await withOurServer(ourClient)).toBe(reference);
  });
});
