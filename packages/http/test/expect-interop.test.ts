import { connect } from "node:net";
import { type Coro, fromPromise, using } from "@aio/task";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ClientSession, web } from "../src/index.js";
import { inLoop, pythonFixture, servingIn, tcpServer } from "./servers.js";

function ourApp(): web.Application {
  const app = new web.Application();
  function* echo(request: web.Request): Coro<web.Response> {
    return new web.Response({ text: `got ${(yield* request.read()).length} bytes` });
  }
  app.router.addPost("/echo", echo);
  app.router.addPost("/guarded", echo, {
    *expectHandler(request) {
      if (request.headers.get("X-Allowed") !== "yes")
        return new web.Response({ status: 403, text: "not allowed" });
      request.target.res.writeContinue();
      return null;
    },
  });
  return app;
}

/**
 * Sends the head, waits for what the server says first (up to 300 ms), then the body if it did
 * not refuse; returns what came back, the first answer marked, without Date and Server.
 */
function exchange(port: number, path: string, headers: string, body: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let got = "";
    let sentBody = false;
    const sendBody = (): void => {
      if (sentBody) return;
      sentBody = true;
      got += "[body sent]";
      socket.write(body);
    };
    socket.on("data", (d: Buffer) => {
      got += d.toString("latin1");
      if (got.includes("100 Continue\r\n\r\n")) sendBody();
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
    socket.write(
      `POST ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: ${body.length}\r\n${headers}\r\n`,
    );
    // Without an Expect header the body goes at once; with one, the server always answers first
    // (100, 417 or the refusal): the timer only keeps a broken server from hanging the test.
    if (!headers.includes("Expect:")) sendBody();
    setTimeout(() => {
      if (got === "") sendBody();
    }, 5000);
  });
}

const CASES: [string, string][] = [
  ["/echo", "Expect: 100-continue\r\n"],
  ["/echo", "Expect: something-else\r\n"],
  ["/echo", ""],
  ["/guarded", "Expect: 100-continue\r\n"],
  ["/guarded", "Expect: 100-continue\r\nX-Allowed: yes\r\n"],
  ["/missing", "Expect: 100-continue\r\n"],
];

async function all(port: number): Promise<string[]> {
  const out: string[] = [];
  for (const [path, headers] of CASES) out.push(await exchange(port, path, headers, "0123456789"));
  return out;
}

let pyServer: Awaited<ReturnType<typeof pythonFixture>>;
let reference: string[] = [];
beforeAll(async () => {
  pyServer = await pythonFixture("aiohttp_expect_server.py");
  reference = await all(Number(new URL(pyServer.url).port));
}, 30000);
afterAll(() => pyServer.stop());

describe("Expect: against aiohttp 3.8's server", () => {
  it("the reference: 100 Continue before the body; 417 for another expectation; a route's handler refuses", () => {
    expect(reference[0]).toMatch(/^HTTP\/1\.1 100 Continue\n\n\[body sent\]HTTP\/1\.1 200 OK\n/);
    expect(reference[0]).toMatch(/got 10 bytes$/);
    expect(reference[1]).toMatch(
      /^HTTP\/1\.1 417 Expectation Failed\n[\s\S]*Unknown Expect: something-else$/,
    );
    expect(reference[3]).toMatch(/^HTTP\/1\.1 403 Forbidden\n[\s\S]*not allowed$/);
    expect(reference[3]).not.toContain("[body sent]");
    expect(reference[4]).toMatch(/^HTTP\/1\.1 100 Continue\n\n\[body sent\]HTTP\/1\.1 200 OK\n/);
  });

  it("our server answers the same bytes", async () => {
    const ours = await inLoop(function* () {
      return yield* servingIn(ourApp(), function* (url) {
        return yield* fromPromise(all(Number(new URL(url).port)));
      });
    });
    // /missing: both answer 100 then 404 without waiting for the body; aiohttp's two writes may
    // arrive apart (the body then goes between them), ours together: where the body went is timing.
    const norm = (xs: string[]) => xs.map((x, i) => (i === 5 ? x.replace("[body sent]", "") : x));
    expect(norm(ours)).toEqual(norm(reference));
    expect(ours[3]).not.toContain("[body sent]");
  }, 30000);
});

describe("Expect: beyond aiohttp 3.8", () => {
  it("a response an expect handler returns is sent instead of the handler's (aiohttp 3.8 drops it)", async () => {
    const app = new web.Application();
    app.router.addPost(
      "/",
      function* () {
        return new web.Response({ text: "handler" });
      },
      {
        *expectHandler() {
          return new web.Response({ status: 413, text: "too big, do not send it" });
        },
      },
    );
    const got = await inLoop(function* () {
      return yield* servingIn(app, function* (url) {
        return yield* fromPromise(exchange(Number(new URL(url).port), "/", "Expect: 100-continue\r\n", "x"));
      });
    });
    expect(got).toMatch(/^HTTP\/1\.1 413 Request Entity Too Large\n[\s\S]*too big, do not send it$/);
    expect(got).not.toContain("[body sent]");
  });

  it("route options are checked: an unknown one, an expect handler that is not a function", () => {
    const app = new web.Application();
    const h = function* () {
      return new web.Response();
    };
    expect(() => app.router.addGet("/", h, { expect: true } as never)).toThrow(
      new TypeError("add_route() got an unexpected keyword argument 'expect'"),
    );
    expect(() => app.router.addGet("/", h, { expectHandler: 5 as never })).toThrow(
      new TypeError("expect_handler should be a coroutine function, got 5"),
    );
  });
});

describe("the client's expect100 (undici sends no Expect header: these go on node:http)", () => {
  /** POSTs `data` with `options` to `url`; status, body, and whether the server read the body. */
  function* post(url: string, options: Record<string, unknown>): Coro<string> {
    return yield* using(new ClientSession(), (s) =>
      using(s.post(url, options as never), function* (r) {
        return `${r.status} ${yield* r.text()}`;
      }),
    );
  }

  it("against aiohttp 3.8's server: the body after its 100; a refusing expect handler's 403 with no body sent", async () => {
    const got = await inLoop(function* () {
      return [
        yield* post(`${pyServer.url}/echo`, { data: "0123456789", expect100: true }),
        yield* post(`${pyServer.url}/guarded`, { data: "0123456789", expect100: true }),
        yield* post(`${pyServer.url}/guarded`, {
          data: "0123456789",
          expect100: true,
          headers: { "X-Allowed": "yes" },
        }),
        yield* post(`${pyServer.url}/echo`, { data: "0123456789", headers: { Expect: "something-else" } }),
      ];
    });
    expect(got).toEqual([
      "200 got 10 bytes",
      "403 not allowed",
      "200 got 10 bytes",
      "417 Unknown Expect: something-else",
    ]);
  }, 30000);

  it("against our server: the same, with a streamed body sent only after the 100", async () => {
    const got = await inLoop(function* () {
      return yield* servingIn(ourApp(), function* (url) {
        let started = false;
        const body = (async function* () {
          started = true;
          yield "01234";
          yield "56789";
        })();
        const refused = yield* post(`${url}/guarded`, { data: body, expect100: true });
        const refusedStarted = started;
        const ok = yield* post(`${url}/echo`, {
          data: (async function* () {
            yield "abc";
          })(),
          expect100: true,
        });
        return [refused, String(refusedStarted), ok];
      });
    });
    expect(got).toEqual(["403 not allowed", "false", "200 got 3 bytes"]);
  }, 30000);

  it("a server that answers 417 at once: no body sent, that connection not reused; expect100 must be a boolean", async () => {
    const heads: string[] = [];
    let bodyBytes = 0;
    const raw = await tcpServer((socket, head) => {
      heads.push(head.split("\r\n")[0] as string);
      socket.on("data", (d: Buffer) => {
        bodyBytes += d.length;
      });
      socket.write("HTTP/1.1 417 Expectation Failed\r\nContent-Length: 4\r\n\r\nnope");
    });
    const got = await inLoop(function* () {
      return yield* using(new ClientSession(), function* (s) {
        const out: string[] = [];
        for (let i = 0; i < 2; i++) {
          out.push(
            yield* using(s.post(`${raw.url}/x`, { data: "x".repeat(1000), expect100: true }), function* (r) {
              return `${r.status} ${yield* r.text()}`;
            }),
          );
        }
        let err: unknown;
        try {
          yield* s.post(`${raw.url}/x`, { data: "x", expect100: "yes" } as never);
        } catch (e) {
          err = e;
        }
        out.push(String(err));
        return out;
      });
    });
    expect(got).toEqual(["417 nope", "417 nope", "TypeError: expect100 must be a boolean, got 'yes'"]);
    expect(heads).toEqual(["POST /x HTTP/1.1", "POST /x HTTP/1.1"]);
    expect(bodyBytes).toBe(0);
    expect(raw.connections()).toBe(2);
  }, 30000);
});
