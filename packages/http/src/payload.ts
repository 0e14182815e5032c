/**
 * Request bodies as aiohttp makes them: `json` (application/json), `data` as an object or pairs
 * (a urlencoded form), a string (text/plain; charset=utf-8), bytes (application/octet-stream), a
 * `FormData` (urlencoded, or multipart when it holds files), or an async iterable (sent chunked).
 */
import { repr, typeName } from "@aio/loop";
import { charset, percentEncode } from "./charsets.js";
import { checkKeys } from "./internal/options.js";
import { MultipartWriter, Part, parseMimetype } from "./multipart.js";

/** What `data` may be. */
export type RequestData =
  | string
  | Uint8Array
  | ArrayBuffer
  | FormData
  | MultipartWriter
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

const FORM_OPTIONS: ReadonlySet<string> = new Set(["multipart", "charset", "quoteFields"]);
const FIELD_OPTIONS: ReadonlySet<string> = new Set(["filename", "contentType", "contentTransferEncoding"]);

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
  readonly #charset: string | null;
  readonly #quoteFields: boolean;

  /**
   * `charset` encodes text fields (and a urlencoded form) in that charset, naming it in their
   * Content-Type; `quoteFields: false` sends names and filenames unquoted. Python:
   * `aiohttp.FormData(fields, quote_fields=True, charset=None)`.
   */
  constructor(
    fields?: Record<string, string> | Iterable<readonly [string, string]>,
    options: { multipart?: boolean; charset?: string; quoteFields?: boolean } = {},
  ) {
    checkKeys(options, FORM_OPTIONS, "FormData");
    this.#multipart = options.multipart ?? false;
    this.#charset = options.charset ?? null;
    this.#quoteFields = options.quoteFields ?? true;
    if (this.#charset !== null) charset(this.#charset); // an unknown charset fails here
    if (fields !== undefined) {
      const pairs =
        Symbol.iterator in Object(fields)
          ? [...(fields as Iterable<readonly [string, string]>)]
          : Object.entries(fields);
      for (const [k, v] of pairs) this.addField(k, v);
    }
  }

  /** Whether the form goes as multipart/form-data. Python: `form.is_multipart`. */
  get isMultipart(): boolean {
    return this.#multipart;
  }

  /** Adds a field; with `filename` (or bytes) it is a file and the form goes multipart. */
  addField(
    name: string,
    value: string | Uint8Array | number,
    options: {
      filename?: string;
      contentType?: string;
      /**
       * Makes the form multipart, and bytes no file (no default filename); as aiohttp 3.8.4 (where
       * it is deprecated), nothing is encoded nor written for it. Python: `content_transfer_encoding=`.
       */
      contentTransferEncoding?: string;
    } = {},
  ): void {
    checkKeys(options, FIELD_OPTIONS, "addField");
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
    const cte = options.contentTransferEncoding;
    if (cte !== undefined && typeof cte !== "string")
      throw new TypeError(`content_transfer_encoding must be an instance of str. Got: ${repr(cte)}`);
    const filename = options.filename ?? (isBytes && cte === undefined ? name : null);
    if (filename !== null || options.contentType !== undefined || cte !== undefined) this.#multipart = true;
    this.#fields.push({
      name,
      value: isBytes ? value : String(value),
      filename,
      contentType: options.contentType ?? null,
    });
  }

  /** @internal The body and its content type. */
  encode(): { body: Buffer; contentType: string } {
    const enc = this.#charset ?? "utf-8";
    if (!this.#multipart) {
      const body = this.#fields
        .map((f) => `${percentEncode(f.name, enc, true)}=${percentEncode(String(f.value), enc, true)}`)
        .join("&");
      const contentType =
        enc === "utf-8"
          ? "application/x-www-form-urlencoded"
          : `application/x-www-form-urlencoded; charset=${enc}`;
      return { body: Buffer.from(body, "latin1"), contentType };
    }
    const writer = new MultipartWriter("form-data");
    for (const f of this.#fields) {
      let part: Part;
      if (typeof f.value === "string") {
        // aiohttp's StringPayload: the form's charset (else the Content-Type's, else UTF-8)
        const type = f.contentType ?? `text/plain; charset=${enc}`;
        const valueCharset = this.#charset ?? parseMimetype(type).parameters.get("charset") ?? "utf-8";
        part = new Part(charset(valueCharset).encode(f.value), type);
      } else part = new Part(Buffer.from(f.value), f.contentType ?? "application/octet-stream");
      const params: Record<string, string> = { name: f.name };
      if (f.filename !== null) params.filename = f.filename;
      part.setContentDisposition("form-data", params, { quoteFields: this.#quoteFields });
      writer.appendPart(part);
    }
    return { body: writer.encode(), contentType: writer.contentType };
  }
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
  if (data instanceof MultipartWriter) {
    return { body: data.encode(), contentType: data.contentType, replayable: true };
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
