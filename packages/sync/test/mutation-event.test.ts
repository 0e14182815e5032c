/**
 * Event behaviour that a surviving Stryker mutant showed no test pinned (see test/MUTATION.md).
 */
import { describe, expect, it } from "vitest";
import { Event } from "../src/index.js";

describe("Event's coroutine method refuses await", () => {
  it("names wait in the error", async () => {
    const ev = new Event();
    await expect((async () => await ev.wait())()).rejects.toThrow(/^Event\.wait\(\) was awaited with await/);
  });
});
