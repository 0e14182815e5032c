/**
 * What WebSockets on both sides share: message types, close codes, messages and the protocol error.
 * Python: `aiohttp.WSMsgType`, `aiohttp.WSCloseCode`, `aiohttp.WSMessage`, `aiohttp.WebSocketError`.
 */
import type { Future } from "@aio/future";
import { type EventLoop, typeName } from "@aio/loop";
import type { Coro } from "@aio/task";
import type { WebSocket } from "ws";

/** Message types. Python: `aiohttp.WSMsgType`. */
export const WSMsgType = {
  CONTINUATION: 0x0,
  TEXT: 0x1,
  BINARY: 0x2,
  PING: 0x9,
  PONG: 0xa,
  CLOSE: 0x8,
  CLOSING: 0x100,
  CLOSED: 0x101,
  ERROR: 0x102,
  // Python's lower-case aliases (`WSMsgType.ping is WSMsgType.PING`).
  continuation: 0x0,
  text: 0x1,
  binary: 0x2,
  ping: 0x9,
  pong: 0xa,
  close: 0x8,
  closing: 0x100,
  closed: 0x101,
  error: 0x102,
} as const;
export type WSMsgType = (typeof WSMsgType)[keyof typeof WSMsgType];

/** Close codes. Python: `aiohttp.WSCloseCode`. */
export const WSCloseCode = {
  OK: 1000,
  GOING_AWAY: 1001,
  PROTOCOL_ERROR: 1002,
  UNSUPPORTED_DATA: 1003,
  ABNORMAL_CLOSURE: 1006,
  INVALID_TEXT: 1007,
  POLICY_VIOLATION: 1008,
  MESSAGE_TOO_BIG: 1009,
  MANDATORY_EXTENSION: 1010,
  INTERNAL_ERROR: 1011,
  SERVICE_RESTART: 1012,
  TRY_AGAIN_LATER: 1013,
} as const;

/** A message. Python: `aiohttp.WSMessage(type, data, extra)`. */
export interface WSMessage {
  readonly type: WSMsgType;
  /** The text or bytes; for CLOSE the close code; for ERROR the exception; else null. */
  readonly data: string | Buffer | number | Error | null;
  /** For CLOSE the reason; "" for the data messages (TEXT, BINARY, PING, PONG), as aiohttp's reader gives; else null. */
  readonly extra: string | null;
  /**
   * The data parsed as JSON (`loads`, JSON.parse by default). Python: `msg.json(loads=json.loads)`.
   * A TypeError for a message with no text or bytes.
   */
  json(loads?: (text: string) => unknown): unknown;
}

/** A message with its `json()`. @internal */
class Message implements WSMessage {
  readonly type: WSMsgType;
  readonly data: string | Buffer | number | Error | null;
  readonly extra: string | null;
  constructor(type: WSMsgType, data: WSMessage["data"], extra: string | null) {
    this.type = type;
    this.data = data;
    this.extra = extra;
  }
  json(loads: (text: string) => unknown = JSON.parse): unknown {
    const d = this.data;
    if (typeof d === "string") return loads(d);
    if (Buffer.isBuffer(d)) return loads(d.toString("utf8"));
    throw new TypeError(`the JSON object must be str, bytes or bytearray, not ${typeName(d)}`);
  }
}

/** A message `{ type, data, extra }` with its `json()`. @internal */
export function wsMessage(type: WSMsgType, data: WSMessage["data"], extra: string | null): WSMessage {
  return new Message(type, data, extra);
}

/** Whether `msg` ends `for await` over a WebSocket: CLOSE, CLOSING, CLOSED (aiohttp's `__anext__`). */
export function endsIteration(msg: WSMessage): boolean {
  return msg.type === WSMsgType.CLOSE || msg.type === WSMsgType.CLOSING || msg.type === WSMsgType.CLOSED;
}

/**
 * A WebSocket protocol error (a message too big, a malformed frame), with the close code it
 * closes with. Python: `aiohttp.http_websocket.WebSocketError(code, message)`.
 */
export class WebSocketError extends Error {
  override name = "WebSocketError";
  /** The close code (`WSCloseCode`). */
  readonly code: number;
  constructor(code: number, message: string) {
    super(message);
    this.code = code;
  }
}

/** Bytes queued on a WebSocket past which a send waits for them to be written (aiohttp's 2 ** 16). */
const SEND_HIGH_WATER = 2 ** 16;

/**
 * Sends a frame on `ws` as aiohttp's writer does: returns once it is queued, and waits (drain) only
 * while more than 64 KiB wait to be written — waiting for every write's callback would cost a loop
 * turn per message. A write that already failed raises its error. @internal
 */
export function* sendFrame(
  ws: WebSocket,
  data: string | Buffer,
  binary: boolean,
  loop: EventLoop,
): Coro<void> {
  let written = false;
  let error: Error | null = null;
  let sent: Future<void> | null = null;
  ws.send(data, { binary }, (err) => {
    written = true;
    error = err ?? null;
    if (sent === null || sent.done()) return;
    if (err) sent.setException(err);
    else sent.setResult(undefined);
  });
  if (!written && ws.bufferedAmount > SEND_HIGH_WATER) {
    sent = loop.createFuture<void>() as Future<void>;
    yield* sent;
  } else if (error !== null) throw error;
}

/**
 * The permessage-deflate window bits agreed on, from the extension's negotiated parameters (the
 * server's window: 15 unless it was made smaller), or 0 without the extension. Python: `ws.compress`.
 * @internal
 */
export function deflateBits(params: Record<string, unknown> | null | undefined): number {
  if (params === null || params === undefined) return 0;
  const bits = params.server_max_window_bits;
  return typeof bits === "number" ? bits : 15;
}
