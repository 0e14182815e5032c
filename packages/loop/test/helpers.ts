/** What the loop's test files share: loops closed after each test, and callback texts without their source. */
import { afterEach } from "vitest";
import { type EventLoop, newEventLoop } from "../src/index.js";

/** The loops made by {@link loopFor} in the current test; closed (unless running) after it. */
export const loops: EventLoop[] = [];

/** A new loop (virtual clock by default) that is closed after the test. */
export function loopFor(options: Parameters<typeof newEventLoop>[0] = { clock: "virtual" }): EventLoop {
  const loop = newEventLoop(options);
  loops.push(loop);
  return loop;
}

afterEach(() => {
  for (const l of loops.splice(0)) if (!l.isRunning()) l.close();
});

/** A callback's text without where its function is defined (` at file:line`, checked apart). */
export const bare = (text: unknown): string => String(text).replace(/ at [^\s>]+:\d+/g, "");
