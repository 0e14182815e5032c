/**
 * Request bodies as aiohttp makes them: `json` (application/json), `data` as an object or pairs
 * (a urlencoded form; multipart when a value is a file), a string (text/plain; charset=utf-8),
 * bytes (application/octet-stream), a `FormData` (urlencoded, or multipart when it holds files), a
 * `Blob`/`File` or a file's `ReadStream` (streamed, with its size), or an async iterable (sent
 * chunked).
 */
import { repr, typeName } from "@aio/loop";
import { charset, percentEncode } from "./charsets.js";
import { checkKeys } from "./internal/options.js";
import type { MultiDict } from "./multidict.js";
import {
  guessFilename,
  isStreamedBody,
  MultipartWriter,
  Part,
  parseMimetype,
  type StreamedBody,
  streamedChunks,
  streamedContentType,
  streamedSize,
} from "./multipart.js";

/** What `data` may be. */
export type RequestData =
  | string
  | Uint8Array
  | ArrayBuffer
  | FormData
  | MultipartWriter
  | Part
  | Blob
  | MultiDict<FieldValue>
  | Record<string, FieldValue>
  | Iterable<readonly [string, FieldValue] | StreamedBody | Iterable<readonly [string, FieldValue]>>
  | AsyncIterable<Uint8Array | string>;

/**
 * A form field's value: text, a number, bytes (a file named by the field), or a file to stream —
 * a `Blob`/`File`, a file's `ReadStream`, an async iterable (named by its file, else the field).
 */
export type FieldValue = string | number | boolean | Uint8Array | StreamedBody;

/** A field of a {@link FormData}. */
interface Field {
  name: string;
  value: string | Uint8Array | StreamedBody;
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
    fields?:
      | Record<string, FieldValue>
      | Iterable<readonly [string, FieldValue] | StreamedBody | Iterable<readonly [string, FieldValue]>>,
    options: { multipart?: boolean; charset?: string; quoteFields?: boolean } = {},
  ) {
    checkKeys(options, FORM_OPTIONS, "FormData");
    this.#multipart = options.multipart ?? false;
    this.#charset = options.charset ?? null;
    this.#quoteFields = options.quoteFields ?? true;
    if (this.#charset !== null) charset(this.#charset); // an unknown charset fails here
    if (fields !== undefined) {
      const items =
        Symbol.iterator in Object(fields)
          ? [...(fields as Iterable<readonly [string, FieldValue] | StreamedBody>)]
          : Object.entries(fields);
      for (const item of items) {
        // aiohttp: a file among the fields is a field named by its file ("unknown" if it has no name)
        if (isStreamedBody(item)) this.addField(guessFilename(item, "unknown") as string, item);
        else if (!Array.isArray(item) && typeof (item as Iterable<unknown>)[Symbol.iterator] === "function") {
          // a MultiDict among the fields: its items (aiohttp's add_fields)
          for (const [k, v] of item as unknown as Iterable<readonly [string, FieldValue]>)
            this.addField(k, v as never);
        } else {
          const [k, v] = item as readonly [string, FieldValue];
          this.addField(k, typeof v === "boolean" ? String(v) : v);
        }
      }
    }
  }

  /** Whether the form goes as multipart/form-data. Python: `form.is_multipart`. */
  get isMultipart(): boolean {
    return this.#multipart;
  }

  /**
   * Adds a field; with `filename`, bytes or a file to stream (a `Blob`/`File`, a `ReadStream`, an
   * async iterable: read when the form is sent) it is a file and the form goes multipart.
   */
  addField(
    name: string,
    value: string | Uint8Array | number | StreamedBody,
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
    const isStream = !isBytes && isStreamedBody(value);
    if (!isBytes && !isStream && typeof value !== "string" && typeof value !== "number") {
      throw new TypeError(
        `a form field's value must be a string, bytes or a file, got ${repr(value)} of type ${typeName(value)}`,
      );
    }
    if (options.filename !== undefined && typeof options.filename !== "string")
      throw new TypeError(`filename must be an instance of str. Got: ${repr(options.filename)}`);
    if (options.contentType !== undefined && typeof options.contentType !== "string")
      throw new TypeError(`content_type must be an instance of str. Got: ${repr(options.contentType)}`);
    const cte = options.contentTransferEncoding;
    if (cte !== undefined && typeof cte !== "string")
      throw new TypeError(`content_transfer_encoding must be an instance of str. Got: ${repr(cte)}`);
    // aiohttp: a file object is named by its file (guess_filename), else by the field
    const filename =
      options.filename ??
      (isStream ? guessFilename(value, name) : isBytes && cte === undefined ? name : null);
    if (filename !== null || isStream || options.contentType !== undefined || cte !== undefined)
      this.#multipart = true;
    this.#fields.push({
      name,
      value: isBytes || isStream ? (value as Uint8Array | StreamedBody) : String(value),
      filename,
      contentType: options.contentType ?? null,
    });
  }

  /** @internal The body and its content type; a form with files to stream is a writer to stream. */
  encode(): { body: Buffer | MultipartWriter; contentType: string } {
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
      } else if (f.value instanceof Uint8Array)
        part = new Part(Buffer.from(f.value), f.contentType ?? "application/octet-stream");
      else part = new Part(f.value, f.contentType ?? streamedContentType(f.value));
      const params: Record<string, string> = { name: f.name };
      if (f.filename !== null) params.filename = f.filename;
      part.setContentDisposition("form-data", params, { quoteFields: this.#quoteFields });
      writer.appendPart(part);
    }
    return { body: writer.streams ? writer : writer.encode(), contentType: writer.contentType };
  }
}

/** A prepared body: what undici sends, its default content type, and whether it can be sent again. */
export interface PreparedBody {
  body: string | Buffer | AsyncIterable<Uint8Array> | null;
  contentType: string | null;
  /** A stream can be sent once: no automatic retry, no redirect with body. */
  replayable: boolean;
  /** A stream's size when it is known (a Blob, a file): its Content-Length unless sent chunked. */
  length?: number | null;
  /** A payload's own headers but its Content-Type (Content-Disposition…), sent unless the request has them. */
  headers?: [string, string][];
}

/** A streamed body sent as it is read, with its size when known. */
function streamed(
  body: AsyncIterable<Uint8Array>,
  contentType: string | null,
  length: number | null,
): PreparedBody {
  return { body, contentType, replayable: false, length };
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
  if (data instanceof Part) {
    // a payload (getPayload, JsonPayload): its body, its Content-Type and its other headers
    const headers = [...data.headers].filter(([k]) => k.toLowerCase() !== "content-type");
    const contentType = data.headers.get("Content-Type") ?? null;
    const body = data._body;
    let prepared: PreparedBody;
    if (Buffer.isBuffer(body)) prepared = { body, contentType, replayable: true };
    else if (body instanceof MultipartWriter) prepared = prepareBody(body, undefined, jsonSerialize);
    else prepared = streamed(streamedChunks(body), contentType, data.size);
    return { ...prepared, contentType, headers };
  }
  if (data instanceof FormData || data instanceof MultipartWriter) {
    const { body, contentType } =
      data instanceof FormData ? data.encode() : { body: data, contentType: data.contentType };
    if (body instanceof MultipartWriter) {
      if (body.streams) return streamed(body.chunks(), contentType, body.size);
      return { body: body.encode(), contentType, replayable: true };
    }
    return { body, contentType, replayable: true };
  }
  if (isStreamedBody(data)) {
    // a file (Python's open file, io.BytesIO): its type, by its name if it has none, and its size
    // when known; other chunks are bytes of unknown size (chunked)
    return streamed(streamedChunks(data), streamedContentType(data), streamedSize(data));
  }
  if (typeof data === "object") {
    return prepareBody(new FormData(data as Record<string, FieldValue>), undefined, jsonSerialize);
  }
  throw new TypeError(
    `data must be a string, bytes, an object of fields, a FormData, a MultipartWriter, a Blob or an async iterable, got ${repr(data)} of type ${typeName(data)}`,
  );
}
