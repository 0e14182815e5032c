/**
 * Requests with an `Expect` header, which undici refuses to send on HTTP/1.1: on node:http, behind
 * the same handler interface the session's exchanges use (undici's `Dispatcher.DispatchHandler`).
 * With `Expect: 100-continue` the body waits for the server's `100 Continue`; a final answer
 * instead (417, 401, a redirect…) is taken as the response, the body never sent, and the
 * connection not reused (it holds a request the server did not read).
 */
import {
  type ClientRequest,
  Agent as HttpAgent,
  request as httpRequest,
  type IncomingMessage,
} from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import type { ConnectionOptions, TLSSocket } from "node:tls";
import type { Dispatcher } from "undici";
import type { Fingerprint } from "./fingerprint.js";

/** What {@link ExpectDispatcher.dispatch} takes: the exchange's request. */
export interface ExpectRequest {
  origin: string;
  path: string;
  method: string;
  /** Header names and values, alternating. */
  headers: string[];
  body: string | Buffer | AsyncIterable<Uint8Array> | null;
  /** No keep-alive. */
  reset: boolean;
}

type Handler = Pick<
  Dispatcher.DispatchHandler,
  "onConnect" | "onHeaders" | "onData" | "onComplete" | "onError"
>;

/** A dispatcher on node:http's agents (keep-alive, the connector's TLS options), for `Expect` requests. */
export class ExpectDispatcher {
  readonly #http: HttpAgent;
  readonly #https: HttpsAgent;

  /**
   * `idleMs`: how long an idle kept-alive connection stays open (the connector's keepaliveTimeout);
   * `pin`: the fingerprint the servers' certificates must have (checked after each handshake).
   */
  constructor(tls: ConnectionOptions, idleMs: number, pin: Fingerprint | null = null) {
    // An Agent's `timeout` closes its free sockets once idle that long (a socket in use only gets a
    // 'timeout' event, which nothing here listens to): undici's keepAliveTimeout.
    this.#http = new HttpAgent({ keepAlive: true, timeout: idleMs });
    this.#https = new HttpsAgent({ keepAlive: true, timeout: idleMs, ...tls });
    if (pin !== null) {
      const agent = this.#https as HttpsAgent & {
        createConnection(options: object, callback?: unknown): TLSSocket;
      };
      const connect = agent.createConnection.bind(agent);
      agent.createConnection = (options: object, callback?: unknown) => {
        const socket = connect(options, callback);
        socket.once("secureConnect", () => {
          try {
            pin.check(socket);
          } catch (mismatch) {
            socket.destroy(mismatch as Error);
          }
        });
        return socket;
      };
    }
  }

  /** Sends `r`, reporting to `handler` as undici's dispatchers do. */
  dispatch(r: ExpectRequest, handler: Handler): void {
    const url = new URL(r.path, r.origin);
    const secure = url.protocol === "https:";
    const headers: [string, string][] = [];
    let waitsForContinue = false;
    for (let i = 0; i + 1 < r.headers.length; i += 2) {
      const name = r.headers[i] as string;
      const value = r.headers[i + 1] as string;
      if (name.toLowerCase() === "expect" && value.trim().toLowerCase() === "100-continue")
        waitsForContinue = true;
      headers.push([name, value]);
    }
    if (r.reset) headers.push(["Connection", "close"]);
    const req = (secure ? httpsRequest : httpRequest)({
      protocol: url.protocol,
      hostname: url.hostname.replace(/^\[|\]$/g, ""),
      port: url.port,
      path: `${url.pathname}${url.search}`,
      method: r.method,
      headers: Object.fromEntries(groupHeaders(headers)),
      agent: secure ? this.#https : this.#http,
    });
    new Flight(req, r.body, waitsForContinue, handler);
  }

  /** Closes every connection. */
  destroy(): void {
    this.#http.destroy();
    this.#https.destroy();
  }
}

/** node:http takes a header given twice as one name with an array of values. */
function groupHeaders(pairs: [string, string][]): Map<string, string | string[]> {
  const out = new Map<string, string | string[]>();
  const byLower = new Map<string, string>();
  for (const [name, value] of pairs) {
    const key = byLower.get(name.toLowerCase()) ?? name;
    byLower.set(name.toLowerCase(), key);
    const had = out.get(key);
    out.set(key, had === undefined ? value : Array.isArray(had) ? [...had, value] : [had, value]);
  }
  return out;
}

/** One request on node:http, reported to its handler once: headers, data, then complete or error. */
class Flight {
  #done = false;
  #bodySent = false;

  constructor(
    private readonly req: ClientRequest,
    private readonly body: ExpectRequest["body"],
    waitsForContinue: boolean,
    private readonly handler: Handler,
  ) {
    req.once("socket", () => {
      if (!this.#done) handler.onConnect?.((err?: Error) => this.#abort(err));
    });
    req.on("error", (err) => this.#fail(err));
    req.once("response", (res) => this.#response(res));
    if (waitsForContinue) {
      req.flushHeaders();
      req.once("continue", () => this.#send());
    } else this.#send();
  }

  #abort(err?: Error): void {
    const reason = err ?? Object.assign(new Error("Request aborted"), { code: "UND_ERR_ABORTED" });
    this.#fail(reason);
    this.req.destroy(reason);
  }

  #fail(err: Error): void {
    if (this.#done) return;
    this.#done = true;
    this.handler.onError?.(err);
  }

  /** Writes the body (with back-pressure), then ends the request. */
  #send(): void {
    if (this.#bodySent) return;
    this.#bodySent = true;
    const { body, req } = this;
    if (body === null || typeof body === "string" || Buffer.isBuffer(body)) {
      req.end(body ?? undefined);
      return;
    }
    void (async () => {
      try {
        for await (const chunk of body) {
          if (req.destroyed) return;
          if (!req.write(chunk)) await new Promise<void>((resolve) => req.once("drain", resolve));
        }
        req.end();
      } catch (err) {
        this.#abort(err as Error);
      }
    })();
  }

  #response(res: IncomingMessage): void {
    if (this.#done) {
      res.resume();
      return;
    }
    // A final answer before `100 Continue`: the body is never sent, the connection not reused.
    const unsent = !this.#bodySent;
    if (unsent) this.req.shouldKeepAlive = false;
    const raw: Buffer[] = res.rawHeaders.map((h) => Buffer.from(h, "latin1"));
    const go = this.handler.onHeaders?.(
      res.statusCode ?? 0,
      raw,
      () => res.resume(),
      res.statusMessage ?? "",
    );
    if (go === false) res.pause();
    res.on("data", (chunk: Buffer) => {
      if (this.#done) return;
      if (this.handler.onData?.(chunk) === false) res.pause();
    });
    res.once("end", () => {
      if (this.#done) return;
      this.#done = true;
      this.handler.onComplete?.(res.rawTrailers);
      if (unsent) this.req.destroy();
    });
    res.once("aborted", () =>
      this.#fail(Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" })),
    );
    res.once("error", (err) => this.#fail(err));
  }
}
