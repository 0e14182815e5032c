/** What the TypeScript twins of the aiohttp.web programs share. */
import { repr } from "@aio/loop";
import { type Coro, using } from "@aio/task";
import { type ClientSession, type RequestOptions, web } from "../../src/index.js";

// Date and Server differ by nature; Connection and Keep-Alive are node:http's transport headers on
// kept-alive connections (HTTP/1.1's default either way).
const SKIP = new Set(["date", "server", "connection", "keep-alive"]);

/** Serves `app` on 127.0.0.1 (a free port): the runner and the base URL. */
export function* serve(app: web.Application): Coro<[web.AppRunner, string]> {
  const runner = new web.AppRunner(app);
  yield* runner.setup();
  const site = new web.TCPSite(runner, "127.0.0.1", 0);
  yield* site.start();
  return [runner, site.name];
}

/** One request, printed as the Python side prints it. */
export function* show(
  print: (...a: unknown[]) => void,
  session: ClientSession,
  method: string,
  url: string,
  base: string,
  options: RequestOptions = {},
): Coro<void> {
  yield* using(session.request(method, base + url, { allowRedirects: false, ...options }), function* (r) {
    const body = yield* r.read();
    const headers = r.headers
      .entries()
      .filter(([k]) => !SKIP.has(k.toLowerCase()) && k.toLowerCase() !== "content-length")
      .map(([k, v]) => `${k}: ${v}`);
    print(method, url, r.status, repr(r.reason), r.headers.get("Content-Length") ?? "None", repr(headers));
    print("  ", repr(body.toString("utf8")));
  });
}
