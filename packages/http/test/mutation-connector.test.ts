/**
 * TCPConnector's options as aiohttp's users pass them, for what the Stryker run of
 * src/connector.ts left alive: 0 is a valid limit (no limit), a fraction is not a count.
 */
import { using } from "@aio/task";
import { describe, expect, it } from "vitest";
import { ClientConnectionError, ClientSession, TCPConnector } from "../src/index.js";
import { catching, httpServer, inLoop } from "./servers.js";

describe("TCPConnector options (aiohttp.TCPConnector)", () => {
  it("limit and limitPerHost 0 mean no limit (accepted, kept as 0)", () => {
    const c = new TCPConnector({ limit: 0, limitPerHost: 0 });
    expect([c.limit, c.limitPerHost, String(c)]).toEqual([0, 0, "<TCPConnector limit=0 limit_per_host=0>"]);
  });

  it("a limit that is not a whole number is a RangeError", () => {
    expect(() => new TCPConnector({ limit: 1.5 })).toThrow(
      new RangeError("TCPConnector limit must be a non-negative integer, got 1.5"),
    );
    expect(() => new TCPConnector({ limitPerHost: Number.NaN })).toThrow(
      new RangeError("TCPConnector limitPerHost must be a non-negative integer, got nan"),
    );
  });

  it("limit 0: requests go without a slot and still finish", async () => {
    const { url } = await httpServer((_req, res) => res.end("ok"));
    const connector = new TCPConnector({ limit: 0 });
    const got = await inLoop(() =>
      using(new ClientSession({ connector }), function* (s) {
        const a = yield* using(s.get(url), (r) => r.text());
        const b = yield* using(s.get(url), (r) => r.text());
        return [a, b, connector.inUse];
      }),
    );
    expect(got).toEqual(["ok", "ok", 0]);
  });

  it("close() closes the kept-alive connections; a request after it is ClientConnectionError", async () => {
    let closedSockets = 0;
    const { url, server } = await httpServer((_req, res) => res.end("ok"));
    server.on("connection", (socket) => socket.on("close", () => closedSockets++));
    const connector = new TCPConnector();
    const got = await inLoop(() =>
      using(new ClientSession({ connector, connectorOwner: false }), function* (s) {
        const text = yield* using(s.get(url), (r) => r.text());
        const before = [connector.closed, closedSockets];
        yield* connector.close();
        yield* connector.close();
        const err = (yield* catching(s.get(url))) as Error;
        return {
          text,
          before,
          after: connector.closed,
          err: [err instanceof ClientConnectionError, err.message],
        };
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(got).toEqual({
      text: "ok",
      before: [false, 0],
      after: true,
      err: [true, "Connector is closed."],
    });
    expect(closedSockets).toBe(1);
  });
});
