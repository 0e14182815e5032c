/**
 * TCPConnector's constructor (src/connector.ts 40–99), written for the mutants session 7's run of
 * those lines left alive (test/MUTATION.md). aiohttp 3.8: `TCPConnector(keepalive_timeout=…,
 * force_close=…)`.
 */
import { describe, expect, it } from "vitest";
import { TCPConnector } from "../src/index.js";

describe("TCPConnector options (session 7)", () => {
  it("keepaliveTimeout: a non-negative number of seconds (0 allowed); forceClose kept as given", () => {
    expect(() => new TCPConnector({ keepaliveTimeout: 0 })).not.toThrow();
    expect(() => new TCPConnector({ keepaliveTimeout: -1 })).toThrow(
      "TCPConnector keepaliveTimeout must be a non-negative number of seconds, got -1",
    );
    expect(() => new TCPConnector({ keepaliveTimeout: "1" as never })).toThrow(
      "TCPConnector keepaliveTimeout must be a non-negative number of seconds, got '1'",
    );
    expect(new TCPConnector({ forceClose: true }).forceClose).toBe(true);
    expect(new TCPConnector().forceClose).toBe(false);
  });
});
