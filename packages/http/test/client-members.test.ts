/**
 * Small members of the client's response as aiohttp 3.8.4 has them (each checked with Debian's
 * python3-aiohttp against the same kind of server): a released response has no body left to read,
 * and a response is `closed` once its body has come in full — a bodiless one at once.
 */
import { run, using } from "@aio/task";
import { describe, expect, it } from "vitest";
import { ClientConnectionError, ClientResponseError, ClientSession } from "../src/index.js";
import { catching, httpServer } from "./servers.js";

describe("ClientResponse", () => {
  it("reading a released response is ClientConnectionError('Connection closed'), its body read before or not (as aiohttp 3.8.4); read twice before, it is kept", async () => {
    const { url } = await httpServer((req, res) => {
      res.statusCode = req.url === "/missing" ? 404 : 200;
      res.end("hello");
    });
    const got = await run(
      using(new ClientSession(), function* (s) {
        const r = yield* s.get(url);
        r.release();
        const err = (yield* catching(r.text())) as Error;
        const kept = yield* s.get(url);
        const body = String(yield* kept.read());
        const twice = String(yield* kept.read());
        kept.release();
        const again = (yield* catching(kept.read())) as Error;
        const missing = yield* s.get(`${url}/missing`);
        const raised = yield* catching({
          *[Symbol.iterator]() {
            missing.raiseForStatus();
          },
        });
        const afterRaise = (yield* catching(missing.read())) as Error;
        return { err, body, twice, again, raised, afterRaise };
      }),
    );
    expect(got.err).toBeInstanceOf(ClientConnectionError);
    expect(got.err.message).toBe("Connection closed");
    expect([got.body, got.twice]).toEqual(["hello", "hello"]);
    expect(got.again).toBeInstanceOf(ClientConnectionError);
    expect(got.again.message).toBe("Connection closed");
    expect(got.raised).toBeInstanceOf(ClientResponseError);
    expect(got.afterRaise).toBeInstanceOf(ClientConnectionError);
  });

  it("a bodiless answer (204, HEAD) is closed at once; one with a body once it has come in full", async () => {
    const { url } = await httpServer((req, res) => {
      if (req.url === "/empty") {
        res.statusCode = 204;
        res.end();
        return;
      }
      if (req.url === "/slow") {
        res.write("part");
        setTimeout(() => res.end("rest"), 100);
        return;
      }
      res.end("body");
    });
    const got = await run(
      using(new ClientSession(), function* (s) {
        const empty = yield* s.get(`${url}/empty`);
        const head = yield* s.head(url);
        const slow = yield* s.get(`${url}/slow`);
        const slowBefore = slow.closed;
        const text = yield* slow.text();
        return { empty: empty.closed, head: head.closed, slowBefore, text, slowAfter: slow.closed };
      }),
    );
    expect(got).toEqual({ empty: true, head: true, slowBefore: false, text: "partrest", slowAfter: true });
  });
});
