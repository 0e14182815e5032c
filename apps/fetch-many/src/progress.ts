/**
 * What the user sees while downloading: on a terminal a live bar per download in flight and one
 * for the whole (cli-progress); otherwise one plain line per event, fit for logs and pipes.
 */
import { basename } from "node:path";
import cliProgress from "cli-progress";
import type { FetchEvents, FetchResult } from "./fetch-many.js";
import { formatBytes } from "./summary.js";

/** A progress display: its event handlers, and `stop()` to put the terminal back. */
export interface Progress {
  events: FetchEvents;
  stop(): void;
}

/** The display for `stream`: bars on a TTY, lines elsewhere. */
export function progressFor(stream: NodeJS.WriteStream, count: number): Progress {
  return stream.isTTY ? bars(stream, count) : lines(stream);
}

/** Plain lines: a start, each retry, and each end. */
export function lines(stream: NodeJS.WritableStream): Progress {
  return {
    events: {
      start(url) {
        stream.write(`start  ${url}\n`);
      },
      retry(url, attempt, delay, reason) {
        stream.write(`retry  ${url} (${reason}; attempt ${attempt + 1} in ${delay.toFixed(1)} s)\n`);
      },
      done(r: FetchResult) {
        stream.write(
          r.error === null
            ? `saved  ${r.url} → ${r.file} (${formatBytes(r.bytes)})\n`
            : `failed ${r.url}: ${r.error}\n`,
        );
      },
    },
    stop() {},
  };
}

/** Live bars: one for the whole, one for each download in flight. */
function bars(stream: NodeJS.WriteStream, count: number): Progress {
  const multi = new cliProgress.MultiBar(
    {
      stream,
      format: " {bar} {percentage}% | {name} | {detail}",
      barsize: 24,
      hideCursor: true,
      clearOnComplete: false,
      autopadding: true,
    },
    cliProgress.Presets.shades_classic,
  );
  const overall = multi.create(count, 0, { name: "all files", detail: `0/${count}` });
  const active = new Map<string, cliProgress.SingleBar>();
  let done = 0;
  return {
    events: {
      start(url, file) {
        active.set(url, multi.create(1, 0, { name: basename(file), detail: "connecting" }));
      },
      progress(url, received, total) {
        const bar = active.get(url);
        if (bar === undefined) return;
        if (total !== null && total > 0) bar.setTotal(total);
        bar.update(total === null ? 0 : received, { detail: formatBytes(received) });
      },
      retry(url, attempt, delay, reason) {
        active.get(url)?.update(0, { detail: `${reason}; retry ${attempt} in ${delay.toFixed(1)} s` });
      },
      done(r) {
        const bar = active.get(r.url);
        if (bar !== undefined) {
          multi.remove(bar);
          active.delete(r.url);
        }
        done++;
        overall.update(done, { detail: `${done}/${count}` });
        if (r.error !== null) {
          multi.log(`failed ${r.url}: ${r.error}\n`);
          multi.update(); // draw now: the log is written on the next redraw, and stop() does not draw
        }
      },
    },
    stop() {
      multi.stop();
    },
  };
}
