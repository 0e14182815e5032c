/**
 * The local stand-in for the web (S002-15, S002-16): an HTTP/1.1 server on 127.0.0.1
 * (an ephemeral port) that serves `/<host>` for each host of {@link PAGE_LENGTHS} as
 * `text/html; charset=utf-8` with an exact Content-Length, each answer delayed by `delay` seconds
 * (total ≈ delay, not n·delay, proves the requests overlap). It stops by itself after `lifetime`
 * seconds if nobody closes it.
 */
import { createServer } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { fixturePage, PAGE_LENGTHS } from "./fixture-pages.js";

/** A running stand-in server. */
export interface PageServer {
  /** `http://127.0.0.1:<port>`. */
  readonly base: string;
  /** Where the document's `https://<host>` is fetched from: `<base>/<host>`. */
  local(url: string): string;
  close(): Promise<void>;
}

/** Starts the stand-in server. */
export async function startPageServer(
  options: { delay?: number; lifetime?: number } = {},
): Promise<PageServer> {
  const delay = options.delay ?? 0;
  const pages = new Map(
    Object.keys(PAGE_LENGTHS).map((host) => [`/${host}`, Buffer.from(fixturePage(host))]),
  );
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const body = req.method === "GET" ? pages.get(req.url ?? "") : undefined;
    const answer = () => {
      if (body === undefined) {
        res.writeHead(404, { "Content-Type": "text/plain", "Content-Length": "9" }).end("not found");
        return;
      }
      res.writeHead(200, {
        "Content-Type": "text/html; charset=utf-8",
        "Content-Length": String(body.length),
      });
      res.end(body);
    };
    if (delay > 0) setTimeout(answer, delay * 1000);
    else answer();
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const close = () =>
    new Promise<void>((resolve) => {
      clearTimeout(stop);
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  const stop = setTimeout(close, (options.lifetime ?? 60) * 1000);
  stop.unref();
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    local: (url) => url.replace(/^https:\/\//, `${base}/`),
    close,
  };
}
