/**
 * Sub-applications against aiohttp 3.8's server: the same application (a sub-application with a
 * nested one, a domain, middlewares and onResponsePrepare on each) served by Debian's aiohttp
 * (test/fixtures/aiohttp_subapp_server.py) and by ours, the same raw requests, the answers
 * compared byte for byte (without Date and Server; `Connection: close` moved last, see below).
 */
import { connect } from "node:net";
import { type Coro, fromPromise } from "@aio/task";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { web } from "../src/index.js";
import { inLoop, pythonFixture, servingIn } from "./servers.js";

const via = (name: string): web.Middleware =>
  web.middleware(function* (request, handler) {
    const response = yield* handler(request);
    response.headers.add("X-Via", `${name} (${request.app.get("name")})`);
    return response;
  });

function makeApp(name: string, middlewares = true): web.Application {
  const app = new web.Application({ middlewares: middlewares ? [via(name)] : [] });
  app.set("name", name);
  app.onResponsePrepare.push(function* (_request, response) {
    response.headers.add("X-Chain", name);
  });
  return app;
}

function ourApp(): web.Application {
  const root = makeApp("root");
  root.set("site", "example.org");
  const sub = makeApp("sub");
  const api = makeApp("api");
  const inner = makeApp("inner", false);
  sub.router.addGet(
    "/items/{id}",
    function* (request): Coro<web.Response> {
      const config = request.configDict;
      const url = sub.router.urlFor("item", { id: "a b" });
      return new web.Response({
        text: `item ${request.matchInfo.params.id} of ${config.get("site")} in ${config.get("name")}; ${url}`,
      });
    },
    { name: "item" },
  );
  sub.router.addPost("/post", function* () {
    return new web.Response({ text: "posted" });
  });
  inner.router.addGet("/deep", function* (request) {
    return new web.Response({ text: `deep ${request.app.get("name")} ${request.configDict.get("site")}` });
  });
  sub.addSubapp("/inner/", inner);
  api.router.addGet("/", function* (request) {
    return new web.Response({ text: `api on ${request.host} (${request.app.get("name")})` });
  });
  root.addSubapp("/sub", sub);
  root.addDomain("*.example.com", api);
  root.router.addGet("/", function* (request) {
    return new web.Response({ text: `root ${request.app.get("name")}` });
  });
  return root;
}

/** One request on its own connection; the answer without Date and Server. */
function exchange(port: number, method: string, path: string, host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let got = "";
    socket.on("data", (d: Buffer) => {
      got += d.toString("latin1");
    });
    socket.on("error", reject);
    socket.on("close", () =>
      resolve(
        got
          .split("\r\n")
          .filter((l) => !/^(Date|Server): /i.test(l))
          .join("\n"),
      ),
    );
    socket.write(`${method} ${path} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
  });
}

const CASES: [string, string, string][] = [
  ["GET", "/", "x"],
  ["GET", "/sub/items/7", "x"],
  ["HEAD", "/sub/items/7", "x"],
  ["GET", "/sub/items/%E2%82%AC", "x"],
  ["GET", "/sub/nope", "x"],
  ["GET", "/sub", "x"],
  ["GET", "/subway", "x"],
  ["GET", "/sub/post", "x"],
  ["GET", "/sub/inner/deep", "x"],
  ["GET", "/sub/inner/none", "x"],
  ["GET", "/", "a.example.com"],
  ["GET", "/", "example.com"],
  ["GET", "/missing", "b.example.com"],
  ["POST", "/", "c.example.com"],
];

async function all(port: number): Promise<string[]> {
  const out: string[] = [];
  for (const [method, path, host] of CASES) out.push(await exchange(port, method, path, host));
  return out;
}

let pyServer: Awaited<ReturnType<typeof pythonFixture>>;
let reference: string[] = [];
beforeAll(async () => {
  pyServer = await pythonFixture("aiohttp_subapp_server.py");
  reference = await all(Number(new URL(pyServer.url).port));
}, 30000);
afterAll(() => pyServer.stop());

describe("sub-applications and domains against aiohttp 3.8's server", () => {
  it("the reference: the chain of middlewares and onResponsePrepare, the sub-application's 404 and 405", () => {
    expect(reference[1]).toMatch(/^HTTP\/1\.1 200 OK\n/);
    expect(reference[1]).toContain("X-Via: sub (sub)\nX-Via: root (root)\n");
    expect(reference[1]).toContain("X-Chain: root\nX-Chain: sub\n");
    expect(reference[1]).toMatch(/item 7 of example\.org in sub; \/sub\/items\/a%20b$/);
    expect(reference[4]).toMatch(/^HTTP\/1\.1 404 Not Found\n[\s\S]*X-Chain: root\nX-Chain: sub\n/);
    expect(reference[7]).toMatch(/^HTTP\/1\.1 405 Method Not Allowed\n/);
    expect(reference[8]).toMatch(/deep inner example\.org$/);
    expect(reference[10]).toMatch(/api on a\.example\.com \(api\)$/);
  });

  it("our server answers the same bytes", async () => {
    const ours = await inLoop(function* () {
      return yield* servingIn(ourApp(), function* (url) {
        return yield* fromPromise(all(Number(new URL(url).port)));
      });
    });
    // One difference, of order: aiohttp makes its `Connection: close` before onResponsePrepare
    // runs (the headers the callbacks add follow it); node:http adds it last, when the head goes.
    const connectionLast = (x: string | undefined) => {
      const [head = "", body = ""] = (x ?? "").split("\n\n");
      const lines = head.split("\n");
      expect(lines.filter((l) => l === "Connection: close")).toHaveLength(1);
      return `${[...lines.filter((l) => l !== "Connection: close"), "Connection: close"].join("\n")}\n\n${body}`;
    };
    for (let i = 0; i < CASES.length; i++)
      expect(connectionLast(ours[i]), CASES[i]?.join(" ")).toBe(connectionLast(reference[i]));
  }, 30000);
});
