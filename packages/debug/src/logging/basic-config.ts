// Configuration in one call. Python: `logging.basicConfig`.
import type { TextStream } from "../sys.js";
import { FileHandler } from "./file-handlers.js";
import { type FormatStyle, Formatter } from "./formatter.js";
import { type Handler, StreamHandler } from "./handler.js";
import type { Level } from "./levels.js";
import { root } from "./logger.js";

/** Options of {@link basicConfig}. */
export interface BasicConfigOptions {
  /** A file to append to (a FileHandler) instead of a stream. */
  filename?: string | undefined;
  /** The file's mode (`"a"`). */
  filemode?: "a" | "w" | undefined;
  /** The format (default `%(levelname)s:%(name)s:%(message)s`). */
  format?: string | undefined;
  datefmt?: string | undefined;
  style?: FormatStyle | undefined;
  /** The root logger's level. */
  level?: Level | undefined;
  /** The stream (default `sys.stderr`). */
  stream?: TextStream | undefined;
  /** Handlers to add instead (they get the format unless they have one). */
  handlers?: Handler[] | undefined;
  /** Remove and close the root's handlers first. */
  force?: boolean | undefined;
  encoding?: string | undefined;
}

/** Python's default `basicConfig` format. */
export const BASIC_FORMAT = "%(levelname)s:%(name)s:%(message)s";

const BASIC_KEYS = new Set([
  "filename",
  "filemode",
  "format",
  "datefmt",
  "style",
  "level",
  "stream",
  "handlers",
  "force",
  "encoding",
  "errors",
]);

/**
 * Sets up the root logger in one call, if it has no handlers yet (or with `force`): a stream
 * handler on stderr (or a file), Python's format `LEVEL:name:message`, a level. Python:
 * `logging.basicConfig(**kwargs)`.
 * @example logging.basicConfig({ level: logging.DEBUG });
 */
export function basicConfig(options: BasicConfigOptions = {}): void {
  // Python's order: force first; nothing at all is checked when the root already has handlers;
  // the handler is made before the style and format are checked, and added (with the level set)
  // before unknown options are refused.
  if (options.force) {
    for (const h of [...root.handlers]) {
      root.removeHandler(h);
      h.close();
    }
  }
  if (root.handlers.length > 0) return;
  let handlers = options.handlers;
  if (handlers !== undefined) {
    if (options.stream !== undefined || options.filename !== undefined) {
      throw new RangeError("'stream' or 'filename' should not be specified together with 'handlers'");
    }
  } else if (options.stream !== undefined && options.filename !== undefined) {
    throw new RangeError("'stream' and 'filename' should not be specified together");
  }
  if (handlers === undefined) {
    handlers = [
      // Python: `if filename:` (an empty name means the stream)
      options.filename
        ? new FileHandler(options.filename, {
            mode: options.filemode ?? "a",
            ...(options.encoding !== undefined ? { encoding: options.encoding } : {}),
          })
        : new StreamHandler(options.stream ?? null),
    ];
  }
  const style = options.style ?? "%";
  if (style !== "%" && style !== "{" && style !== "$") throw new RangeError("Style must be one of: %,{,$");
  const fmt =
    options.format ??
    (style === "%"
      ? BASIC_FORMAT
      : style === "{"
        ? "{levelname}:{name}:{message}"
        : "$" + "{levelname}:$" + "{name}:$" + "{message}");
  const formatter = new Formatter(fmt, options.datefmt ?? null, { style });
  for (const h of handlers) {
    if (h.formatter === null) h.setFormatter(formatter);
    root.addHandler(h);
  }
  if (options.level !== undefined) root.setLevel(options.level);
  const unknown = Object.keys(options).filter((k) => !BASIC_KEYS.has(k));
  if (unknown.length > 0) throw new RangeError(`Unrecognised argument(s): ${unknown.join(", ")}`);
}
