/**
 * Two installed copies of @aio/future in one program (two versions in node_modules, or a bundled
 * one): the futures of each are reported as a single copy's are.
 */
import { newEventLoop } from "@aio/loop";
import { describe, expect, it, vi } from "vitest";
import { Future } from "../src/index.js";

describe("a second installed copy of @aio/future", () => {
  it("reports its futures' unretrieved exceptions when their loop closes, as the first copy does", async () => {
    vi.resetModules();
    const second = (await import("../src/index.js")) as typeof import("../src/index.js");
    expect(second.Future).not.toBe(Future);
    const loop = newEventLoop();
    const seen: string[] = [];
    loop.setExceptionHandler((_l, ctx) => seen.push(`${ctx.message}: ${(ctx.exception as Error).message}`));
    new Future({ loop }).setException(new TypeError("first copy's"));
    new second.Future({ loop }).setException(new TypeError("second copy's"));
    loop.close();
    expect(seen.sort()).toEqual([
      "Future exception was never retrieved: first copy's",
      "Future exception was never retrieved: second copy's",
    ]);
  });
});
