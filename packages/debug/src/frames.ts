/**
 * Stack frames as Python shows them: where a log call or a warning came from (file, line,
 * function), the source line (Python's `linecache`), and a JavaScript error printed as a Python
 * traceback (`Traceback (most recent call last):` … `TypeError: message`).
 */
import { readFileSync } from "node:fs";
import { basename, extname } from "node:path";
import { fileURLToPath } from "node:url";

/** One stack frame. */
export interface Frame {
  /** The function's name, `<module>` at the top level (Python's `co_name`). */
  func: string;
  /** The file's path (a file URL is turned into a path). */
  file: string;
  line: number;
  column: number;
}

const WITH_NAME = /^\s*at (?:async )?(.*?) \((.*):(\d+):(\d+)\)$/;
const BARE = /^\s*at (?:async )?(.*):(\d+):(\d+)$/;

function filePath(location: string): string {
  if (location.startsWith("file://")) {
    try {
      return fileURLToPath(location);
    } catch {
      return location;
    }
  }
  return location;
}

/** Parses one V8 frame line (`    at main (/app/main.ts:7:3)`); null for other lines. */
export function parseFrame(line: string): Frame | null {
  let m = WITH_NAME.exec(line);
  if (m) {
    let func = (m[1] as string).replace(/^Object\.<anonymous>$/, "<module>");
    func = func.replace(/^(?:new |Generator\.|Object\.|Module\.)/, "").replace(/ \[as [^\]]+\]$/, "");
    return { func, file: filePath(m[2] as string), line: Number(m[3]), column: Number(m[4]) };
  }
  m = BARE.exec(line);
  if (m)
    return { func: "<module>", file: filePath(m[1] as string), line: Number(m[2]), column: Number(m[3]) };
  return null;
}

/** The frames of a V8 stack text, most recent first (as V8 lists them). */
export function parseStack(stack: string): Frame[] {
  const out: Frame[] = [];
  for (const line of stack.split("\n")) {
    const f = parseFrame(line);
    if (f !== null) out.push(f);
  }
  return out;
}

/** Frames of the runtime itself: Node's internals, the aio packages, the test runner. */
const INTERNAL =
  /^node:|[\\/]node_modules[\\/](?:\.pnpm[\\/])?(?:vitest|@vitest|tsx|tinypool)|[\\/](?:packages[\\/](?:loop|future|task|sync|executor|fs|http|debug)|@aio[\\/][\w-]+)[\\/](?:src|dist)[\\/]/;

const hidden: RegExp[] = [];

/**
 * Leaves frames of files matching `pattern` out of warnings' locations, "created at" stacks and
 * tracebacks, as the runtime's own are (a test harness, a framework calling the program). Python
 * 3.12: `warnings.warn(skip_file_prefixes=…)`.
 */
export function hideFrames(pattern: RegExp): void {
  if (!(pattern instanceof RegExp))
    throw new TypeError(`hideFrames() needs a RegExp, got ${String(pattern)}`);
  hidden.push(pattern);
}

/** Whether a frame is the runtime's own (not the program's). */
export function isInternal(frame: Frame): boolean {
  if (INTERNAL.test(frame.file) || frame.file === "native" || frame.file === "<anonymous>") return true;
  for (const h of hidden) if (h.test(frame.file)) return true;
  return false;
}

/** The first frame of the program's own code in `stack` (V8 text), or null. */
export function firstUserFrame(stack: string): Frame | null {
  for (const f of parseStack(stack)) if (!isInternal(f)) return f;
  return null;
}

const sources = new Map<string, string[] | null>();

/** Line `line` (from 1) of `file`, as Python's `linecache.getline` (empty if unreadable). */
export function sourceLine(file: string, line: number): string {
  let lines = sources.get(file);
  if (lines === undefined) {
    try {
      lines = readFileSync(file, "utf8").split(/\r?\n/);
    } catch {
      lines = null;
    }
    sources.set(file, lines);
  }
  return lines?.[line - 1] ?? "";
}

/** Python's `module` of a record: the file name without its extension. */
export function moduleName(file: string): string {
  const base = basename(file);
  return base.slice(0, base.length - extname(base).length) || base;
}

/** Python's `File "…", line N, in f` + the stripped source line, for one frame. */
export function formatFrame(f: Frame): string {
  const source = sourceLine(f.file, f.line).trim();
  return `  File "${f.file}", line ${f.line}, in ${f.func}\n${source ? `    ${source}\n` : ""}`;
}

/** The last line of a Python traceback for `error`: `TypeName: message` (or the name alone). */
export function exceptionLine(error: unknown): string {
  if (error instanceof Error) {
    let message = "";
    let name = "Error";
    try {
      message = String(error.message);
      name = error.name || error.constructor?.name || "Error";
    } catch {
      // a throwing getter: keep what was read
    }
    return message === "" ? name : `${name}: ${message}`;
  }
  if (error === undefined || error === null) return "NoneType: None";
  let text: string;
  try {
    text = String(error);
  } catch {
    text = `<unprintable ${typeof error}>`;
  }
  return `${typeof error === "string" ? "str" : typeof error}: ${text}`;
}

/**
 * `error` as Python prints a traceback (`traceback.format_exception`): the frames, oldest first,
 * each with its source line, then `Name: message`. An error's `cause` is printed first with
 * Python's "The above exception was the direct cause of the following exception:".
 */
export function formatException(error: unknown, seen = new Set<unknown>()): string {
  seen.add(error);
  let out = "";
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    if (cause !== undefined && !seen.has(cause)) {
      out += `${formatException(cause, seen)}\n\nThe above exception was the direct cause of the following exception:\n\n`;
    }
    let stack = "";
    try {
      stack = typeof error.stack === "string" ? error.stack : "";
    } catch {
      // a throwing stack getter
    }
    // Python's traceback runs from where the error was caught to where it was raised; a
    // JavaScript stack runs down to the event loop: the runtime's own frames are left out.
    const all = parseStack(stack);
    const frames = all.filter((f) => !isInternal(f)).reverse();
    if (all.length > 0) out += `Traceback (most recent call last):\n${frames.map(formatFrame).join("")}`;
  }
  return `${out}${exceptionLine(error)}`;
}

const CREATED_AT =
  /^(?:source_traceback: )?(?:Coroutine|Object|Handle) created at \(most recent call last\):?$/;

/**
 * A message with creation stacks in V8's form (`    at main (/app/x.ts:7:3)` lines, oldest first,
 * after a `Coroutine/Object/Handle created at (most recent call last)` line) gets Python's frames:
 * `  File "/app/x.ts", line 7, in main` and the source line, runtime frames left out.
 */
export function pythonStacks(message: string): string {
  if (!message.includes("created at (most recent call last)")) return message;
  const out: string[] = [];
  let inStack = false;
  for (const line of message.split("\n")) {
    if (CREATED_AT.test(line)) {
      inStack = true;
      out.push(line);
      continue;
    }
    if (inStack && /^\s+at /.test(line)) {
      // A frame: the program's are kept, as Python's; the runtime's and native ones are left out.
      const frame = parseFrame(line);
      if (frame !== null && !isInternal(frame)) out.push(formatFrame(frame).replace(/\n$/, ""));
      continue;
    }
    inStack = false;
    out.push(line);
  }
  return out.join("\n");
}
