#!/usr/bin/env node
/**
 * `fetch-many [options] URL… | -i FILE`: downloads every URL into a directory, a few at a time,
 * retrying what may pass, with a live progress bar on a terminal (plain lines otherwise) and a
 * summary table at the end. Ctrl-C cancels every download and leaves no partial file; the exit
 * status is 0 when everything came, 1 when something failed, 130 when interrupted, 2 for bad usage.
 */
import { KeyboardInterrupt } from "@aio/future";
import { run } from "@aio/task";
import { parseArgs } from "./args.js";
import { type FetchResult, fetchMany } from "./fetch-many.js";
import { progressFor } from "./progress.js";
import { summary } from "./summary.js";

const parsed = parseArgs(process.argv.slice(2));
if (typeof parsed === "string") {
  process.stderr.write(parsed.endsWith("\n") ? parsed : `fetch-many: ${parsed}\n`);
  process.exit(2);
}

const progress = progressFor(process.stderr, parsed.urls.length);
const finished: FetchResult[] = [];
let status = 0;
try {
  // run() cancels the main task on the first Ctrl-C (as asyncio.run does): every download stops,
  // its temporary file is removed, and run() ends with KeyboardInterrupt.
  const results = await run(
    fetchMany(parsed.urls, {
      outDir: parsed.out,
      concurrency: parsed.concurrency,
      retries: parsed.retries,
      backoff: parsed.backoff,
      timeout: parsed.timeout,
      events: {
        ...progress.events,
        done(result) {
          finished.push(result);
          progress.events.done?.(result);
        },
      },
    }),
  );
  progress.stop();
  process.stdout.write(summary(results));
  status = results.some((r) => r.error !== null) ? 1 : 0;
} catch (err) {
  progress.stop();
  if (!(err instanceof KeyboardInterrupt)) {
    process.stderr.write(`fetch-many: ${(err as Error).message}\n`);
    process.exit(2);
  }
  process.stdout.write(summary(finished));
  process.stderr.write(
    `fetch-many: interrupted — ${finished.filter((r) => r.error === null).length} of ${parsed.urls.length} saved, no partial files left\n`,
  );
  status = 130;
}
process.exitCode = status;
