/**
 * TCPConnector's options as aiohttp's users pass them, for what the Stryker run of
 * src/connector.ts left alive: 0 is a valid limit (no limit), a fraction is not a count.
 */
import { describe, expect, it } from "vitest";
import { TCPConnector } from "../src/index.js";

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
});
