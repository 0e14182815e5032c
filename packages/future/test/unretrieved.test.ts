/**
 * "Future exception was never retrieved" (unretrieved.ts): reported once, when the future is
 * collected or, at the latest, when its own loop closes; in debug mode with where it was made.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { type ExceptionContext, newEventLoop } from "@aio/loop";
import { describe, expect, it } from "vitest";
import { Future } from "../src/index.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

describe("exception was never retrieved", () => {
  it("a loop's close reports its own futures only, not another loop's", () => {
    const a = newEventLoop();
    const b = newEventLoop();
    const seen: string[] = [];
    a.setExceptionHandler((_l, ctx) => seen.push(`a: ${(ctx.exception as Error).message}`));
    b.setExceptionHandler((_l, ctx) => seen.push(`b: ${(ctx.exception as Error).message}`));
    new Future({ loop: a }).setException(new TypeError("of a"));
    new Future({ loop: b }).setException(new TypeError("of b"));
    a.close();
    expect(seen).toEqual(["a: of a"]);
    b.close();
    expect(seen).toEqual(["a: of a", "b: of b"]);
  });

  it("debug mode: the report says where the future was made", () => {
    const loop = newEventLoop({ debug: true });
    const seen: ExceptionContext[] = [];
    loop.setExceptionHandler((_l, ctx) => seen.push(ctx));
    new Future({ loop }).setException(new TypeError("lost"));
    loop.close();
    expect(seen.length).toBe(1);
    expect(seen[0]?.sourceTraceback).toMatch(/unretrieved\.test\.ts:\d+/);
  });

  it("outside debug mode the report carries no source traceback", () => {
    const loop = newEventLoop();
    const seen: ExceptionContext[] = [];
    loop.setExceptionHandler((_l, ctx) => seen.push(ctx));
    new Future({ loop }).setException(new TypeError("lost"));
    loop.close();
    expect(seen.length).toBe(1);
    expect("sourceTraceback" in (seen[0] as object)).toBe(false);
  });

  it("a dropped future is reported once when collected, and not again when its loop closes", async () => {
    const loop = newEventLoop();
    const seen: string[] = [];
    loop.setExceptionHandler((_l, ctx) => seen.push(`${ctx.message}: ${String(ctx.future)}`));
    (() => {
      new Future({ loop }).setException(new TypeError("dropped"));
    })();
    for (let i = 0; i < 100 && seen.length === 0; i++) {
      gc();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const report = "Future exception was never retrieved: <Future finished exception=TypeError('dropped')>";
    expect(seen).toEqual([report]);
    loop.close();
    expect(seen).toEqual([report]);
  });
});
