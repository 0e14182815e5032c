/**
 * The access log: one line per answered request, in aiohttp's format language (Apache's):
 * `%a %t "%r" %s %b "%{Referer}i" "%{User-Agent}i"` by default.
 */
import type { Request } from "./request.js";

/** aiohttp's default access log format. */
export const DEFAULT_ACCESS_LOG_FORMAT = '%a %t "%r" %s %b "%{Referer}i" "%{User-Agent}i"';

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** `[01/Dec/2026:07:57:00 +0000]`, as aiohttp's `%t` (local time with its offset). */
function stamp(d: Date): string {
  const pad = (n: number, w = 2) => String(n).padStart(w, "0");
  const offset = -d.getTimezoneOffset();
  const sign = offset >= 0 ? "+" : "-";
  const abs = Math.abs(offset);
  return `[${pad(d.getDate())}/${MONTHS[d.getMonth()]}/${d.getFullYear()}:${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())} ${sign}${pad(Math.floor(abs / 60))}${pad(abs % 60)}]`;
}

/** What a line is made of. */
export interface AccessRecord {
  request: Request;
  status: number;
  /** Bytes sent for the response, its head included (aiohttp's `body_length`). */
  bodyLength: number;
  /** Response headers (`%{X}o`). */
  responseHeader(name: string): string | undefined;
  /** When the request started (ms since the epoch) and how long it took (seconds). */
  start: number;
  seconds: number;
}

/**
 * A formatter for `format`: `%a` remote address, `%t` time, `%P` pid, `%r` request line, `%s`
 * status, `%b` bytes sent (head and body, as aiohttp's `body_length`), `%T` seconds, `%Tf`
 * seconds with fractions, `%D` microseconds,
 * `%{H}i` a request header, `%{H}o` a response header, `%%` a percent sign.
 */
export function accessLogFormatter(format: string): (r: AccessRecord) => string {
  if (typeof format !== "string")
    throw new TypeError(`the access log format must be a string, got ${String(format)}`);
  const parts: ((r: AccessRecord) => string)[] = [];
  const re = /%(\{([^}]*)\}([io])|Tf|[atPrsbTD%])/g;
  let last = 0;
  for (let m = re.exec(format); m !== null; m = re.exec(format)) {
    const literal = format.slice(last, m.index);
    if (literal !== "") parts.push(() => literal);
    last = m.index + m[0].length;
    const key = m[1] as string;
    const header = m[2];
    const where = m[3];
    if (header !== undefined) {
      parts.push(
        where === "i" ? (r) => r.request.headers.get(header) ?? "-" : (r) => r.responseHeader(header) ?? "-",
      );
      continue;
    }
    switch (key) {
      case "a":
        parts.push((r) => r.request.remote ?? "-");
        break;
      case "t":
        parts.push((r) => stamp(new Date(r.start)));
        break;
      case "P":
        parts.push(() => `<${process.pid}>`);
        break;
      case "r":
        parts.push(
          (r) =>
            `${r.request.method} ${r.request.rawPath} HTTP/${r.request.version[0]}.${r.request.version[1]}`,
        );
        break;
      case "s":
        parts.push((r) => String(r.status));
        break;
      case "b":
        parts.push((r) => String(r.bodyLength));
        break;
      case "T":
        parts.push((r) => String(Math.round(r.seconds)));
        break;
      case "Tf":
        parts.push((r) => r.seconds.toFixed(6));
        break;
      case "D":
        parts.push((r) => String(Math.round(r.seconds * 1e6)));
        break;
      default:
        parts.push(() => "%");
    }
  }
  const rest = format.slice(last);
  if (rest !== "") parts.push(() => rest);
  return (r) => parts.map((p) => p(r)).join("");
}
