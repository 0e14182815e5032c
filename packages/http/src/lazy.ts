/**
 * The dependencies a program may never use, loaded on first use: undici (the client's
 * connections), ws (WebSockets) and tldts (the cookie jar's public suffixes). Importing them with
 * the package cost most of `import "@aio/http"`'s cold start (issue 27): a server that never makes
 * a request or opens a WebSocket no longer pays for them. They are CommonJS packages, so Node's
 * `require` loads them synchronously where they are first needed.
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);

let undiciModule: typeof import("undici") | null = null;
let wsModule: typeof import("ws") | null = null;
let tldtsModule: typeof import("tldts") | null = null;
let mimeTypesModule: typeof import("mime-types") | null = null;

/** undici, loaded when the first connector makes its dispatcher. @internal */
export function undici(): typeof import("undici") {
  undiciModule ??= require("undici") as typeof import("undici");
  return undiciModule;
}

/** ws, loaded when the first WebSocket is opened (client) or prepared (server). @internal */
export function ws(): typeof import("ws") {
  wsModule ??= require("ws") as typeof import("ws");
  return wsModule;
}

/** tldts, loaded when the cookie jar first checks a domain. @internal */
export function tldts(): typeof import("tldts") {
  tldtsModule ??= require("tldts") as typeof import("tldts");
  return tldtsModule;
}

/** mime-types (its database is ~200 KB of JSON), loaded when a file's type is first guessed. @internal */
export function mimeTypes(): typeof import("mime-types") {
  mimeTypesModule ??= require("mime-types") as typeof import("mime-types");
  return mimeTypesModule;
}

/** The parts of ws's permessage-deflate extension a client that made its own handshake needs. @internal */
export interface WsDeflate {
  /** `new PerMessageDeflate(options, isServer, maxPayload)`, its `accept(params)`, `params`. */
  PerMessageDeflate: new (
    options: object,
    isServer: boolean,
    maxPayload: number,
  ) => { accept(offers: unknown[]): Record<string, unknown>; params: Record<string, unknown> | null };
  /** `Sec-WebSocket-Extensions` parsed: each extension's offers. */
  parse(header: string): Record<string, unknown[]>;
}

let wsDeflateModule: WsDeflate | null = null;

/**
 * ws's permessage-deflate and extension parser (its lib/ files: ws exports only its index; the
 * package is held to 8.18.x). @internal
 */
export function wsDeflate(): WsDeflate {
  if (wsDeflateModule === null) {
    const root = dirname(require.resolve("ws"));
    wsDeflateModule = {
      PerMessageDeflate: require(join(root, "lib", "permessage-deflate.js")),
      parse: (require(join(root, "lib", "extension.js")) as { parse: WsDeflate["parse"] }).parse,
    };
  }
  return wsDeflateModule;
}
