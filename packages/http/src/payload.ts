/**
 * Request bodies as aiohttp makes them: `json` (application/json), `data` as an object or pairs
 * (a urlencoded form), a string (text/plain; charset=utf-8), bytes (application/octet-stream), a
 * `FormData` (urlencoded, or multipart when it holds files), or an async iterable (sent chunked).
 */
import { randomBytes } from "node:crypto";
import { repr, typeName } from "@aio/loop";

/** What `data` may be. */
export type RequestData =
  | string
  | Uint8Array
  | ArrayBuffer
  | FormData
  | Record<string, string | number | boolean>
  | Iterable<readonly [string, string]>
  | AsyncIterable<Uint8Array | string>;

/** A field of a {@link FormData}. */
interface Field {
  name: string;
  value: string | Uint8Array;
  filename: string | null;
  contentType: string | null;
}

/**
 * A form: plain fields are sent urlencoded; with a file (or `multipart: true`) as
 * multipart/form-data. Python: `aiohttp.FormData`.
 * @example
 * const form = new FormData();
 * form.addField("name", "Ann");
 * form.addField("photo", bytes, { filename: "a.png", contentType: "image/png" });
 */
export class FormData {
  readonly #fields: Field[] = [];
  #multipart: boolean;

  constructor(
    fields?: Record<string, string> | Iterable<readonly [string, string]>,
    options: { multipart?: boolean } = {},
  ) {
    this.#multipart = options.multipart ?? false;
    if (fields !== undefined) {
      const pairs =
        Symbol.iterator in Object(fields)
          ? [...(fields as Iterable<readonly [string, string]>)]
          : Object.entries(fields);
      for (const [k, v] of pairs) this.addField(k, v);
    }
  }

  /** Adds a field; with `filename` (or bytes) it is a file and the form goes multipart. */
  addField(
    name: string,
    value: string | Uint8Array | number,
    options: { filename?: string; contentType?: string } = {},
  ): void {
    if (typeof name !== "string")
      throw new TypeError(`a form field's name must be a string, got ${repr(name)}`);
    const isBytes = value instanceof Uint8Array;
    if (!isBytes && typeof value !== "string" && typeof value !== "number") {
      throw new TypeError(
        `a form field's value must be a string or bytes, got ${repr(value)} of type ${typeName(value)}`,
      );
    }
    if (options.filename !== undefined && typeof options.filename !== "string")
      throw new TypeError(`filename must be an instance of str. Got: ${repr(options.filename)}`);
    if (options.contentType !== undefined && typeof options.contentType !== "string")
      throw new TypeError(`content_type must be an instance of str. Got: ${repr(options.contentType)}`);
    const filename = options.filename ?? (isBytes ? name : null);
    if (filename !== null || options.contentType !== undefined) this.#multipart = true;
    this.#fields.push({
      name,
      value: isBytes ? value : String(value),
      filename,
      contentType: options.contentType ?? (isBytes ? "application/octet-stream" : null),
    });
  }

  /** @internal The body and its content type. */
  encode(): { body: Buffer; contentType: string } {
    if (!this.#multipart) {
      const params = new URLSearchParams();
      for (const f of this.#fields) params.append(f.name, String(f.value));
      return { body: Buffer.from(params.toString()), contentType: "application/x-www-form-urlencoded" };
    }
    const boundary = randomBytes(16).toString("hex");
    const parts: Buffer[] = [];
    for (const f of this.#fields) {
      let head = `--${boundary}\r\nContent-Disposition: form-data; name="${quote(f.name)}"`;
      if (f.filename !== null) head += `; filename="${quote(f.filename)}"`;
      head += "\r\n";
      if (f.contentType !== null) head += `Content-Type: ${f.contentType}\r\n`;
      parts.push(Buffer.from(`${head}\r\n`), Buffer.from(f.value), Buffer.from("\r\n"));
    }
    parts.push(Buffer.from(`--${boundary}--\r\n`));
    return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
  }
}

function quote(s: string): string {
  return s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** A prepared body: what undici sends, its default content type, and whether it can be sent again. */
export interface PreparedBody {
  body: string | Buffer | AsyncIterable<Uint8Array> | null;
  contentType: string | null;
  /** A stream can be sent once: no automatic retry, no redirect with body. */
  replayable: boolean;
}

function isAsyncIterable(x: unknown): x is AsyncIterable<Uint8Array | string> {
  return (
    typeof x === "object" &&
    x !== null &&
    typeof (x as AsyncIterable<unknown>)[Symbol.asyncIterator] === "function"
  );
}

/** The body for `data` or `json` (only one may be given). */
export function prepareBody(
  data: RequestData | null | undefined,
  json: unknown,
  jsonSerialize: (value: unknown) => string,
): PreparedBody {
  if (data !== undefined && data !== null && json !== undefined) {
    throw new RangeError("data and json parameters can not be used at the same time");
  }
  if (json !== undefined) {
    return { body: jsonSerialize(json), contentType: "application/json", replayable: true };
  }
  if (data === undefined || data === null) return { body: null, contentType: null, replayable: true };
  if (typeof data === "string")
    return { body: data, contentType: "text/plain; charset=utf-8", replayable: true };
  if (data instanceof Uint8Array) {
    return {
      body: Buffer.from(data.buffer, data.byteOffset, data.byteLength),
      contentType: "application/octet-stream",
      replayable: true,
    };
  }
  if (data instanceof ArrayBuffer)
    return { body: Buffer.from(data), contentType: "application/octet-stream", replayable: true };
  if (data instanceof FormData) {
    const { body, contentType } = data.encode();
    return { body, contentType, replayable: true };
  }
  if (isAsyncIterable(data)) {
    const chunks = (async function* () {
      for await (const chunk of data) yield typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    })();
    return { body: chunks, contentType: "application/octet-stream", replayable: false };
  }
  if (typeof data === "object") {
    const { body, contentType } = new FormData(data as Record<string, string>).encode();
    return { body, contentType, replayable: true };
  }
  throw new TypeError(
    `data must be a string, bytes, an object of fields, a FormData or an async iterable, got ${repr(data)} of type ${typeName(data)}`,
  );
}
