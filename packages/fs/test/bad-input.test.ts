/**
 * Every public entry point of @aio/fs, given what a user could get wrong: a clear error at once,
 * naming the problem and the value, in Python's words (aiofiles and io have them for nearly all).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { LookupError } from "@aio/loop";
import { type Coro, run } from "@aio/task";
import { type BadInput, badInputs } from "@aio/test-support";
import {
  type AsyncFile,
  FileExistsError,
  FileNotFoundError,
  IsADirectoryError,
  NotADirectoryError,
  OSError,
  open,
  os,
  removeStaleTemps,
  tempfile,
  UnicodeEncodeError,
  UnsupportedOperation,
  writeAtomic,
} from "../src/index.js";
import { scratch } from "./helpers.js";

const dir = scratch();
const file = join(dir, "file.txt");
writeFileSync(file, "content\n");
mkdirSync(join(dir, "full"));
writeFileSync(join(dir, "full", "x"), "");

function inLoop(body: () => Coro<unknown>): Promise<unknown> {
  return run(
    (function* () {
      return yield* body();
    })(),
  );
}

/** Opens `file` in `mode`, then runs `use` on it (and closes it). */
function withFile<F extends AsyncFile<string> | AsyncFile<Buffer>>(
  mode: string,
  use: (f: F) => Coro<unknown> | unknown,
  options: { close?: boolean } = {},
): () => Promise<unknown> {
  return () =>
    inLoop(function* () {
      const f = (yield* open(file, mode)) as unknown as F;
      try {
        if (options.close) yield* f.close();
        const out = use(f);
        if (out !== null && typeof out === "object" && typeof (out as Coro<unknown>).next === "function") {
          return yield* out as Coro<unknown>;
        }
        return out;
      } finally {
        yield* f.close();
      }
    });
}

const rows: BadInput[] = [
  // open(): the path
  {
    call: "open(3)",
    act: () => open(3 as never),
    error: TypeError,
    message: "expected a path, got the file descriptor 3 (descriptors are not supported: pass the path)",
  },
  {
    call: "open(null)",
    act: () => open(null as never),
    error: TypeError,
    message: "expected str, bytes or os.PathLike object, not NoneType",
  },
  { call: 'open("a\\0b")', act: () => open("a\0b"), error: RangeError, message: "embedded null byte" },
  {
    call: "open(new URL('http://x'))",
    act: () => open(new URL("http://x/")),
    error: TypeError,
    message: "The URL must be of scheme file, got http://x/",
  },
  {
    call: 'open("missing.txt")',
    act: () => inLoop(() => open(join(dir, "missing.txt"))[Symbol.iterator]()),
    error: FileNotFoundError,
    message: `[Errno 2] No such file or directory: '${join(dir, "missing.txt")}'`,
  },
  {
    call: "open(directory)",
    act: () => inLoop(() => open(dir)[Symbol.iterator]()),
    error: IsADirectoryError,
    message: `[Errno 21] Is a directory: '${dir}'`,
  },
  {
    call: 'open(directory, "w")',
    act: () => inLoop(() => open(dir, "w")[Symbol.iterator]()),
    error: IsADirectoryError,
    message: `[Errno 21] Is a directory: '${dir}'`,
  },
  {
    call: 'open(existing, "x")',
    act: () => inLoop(() => open(file, "x")[Symbol.iterator]()),
    error: FileExistsError,
    message: `[Errno 17] File exists: '${file}'`,
  },
  // open(): the mode and options
  { call: 'open(p, "q")', act: () => open(file, "q"), error: RangeError, message: "invalid mode: 'q'" },
  { call: 'open(p, "rr")', act: () => open(file, "rr"), error: RangeError, message: "invalid mode: 'rr'" },
  { call: 'open(p, "rU")', act: () => open(file, "rU"), error: RangeError, message: "invalid mode: 'rU'" },
  {
    call: 'open(p, "rw")',
    act: () => open(file, "rw"),
    error: RangeError,
    message: "must have exactly one of create/read/write/append mode",
  },
  {
    call: 'open(p, "wa")',
    act: () => open(file, "wa"),
    error: RangeError,
    message: "must have exactly one of create/read/write/append mode",
  },
  {
    call: 'open(p, "b")',
    act: () => open(file, "b"),
    error: RangeError,
    message: "Must have exactly one of create/read/write/append mode and at most one plus",
  },
  {
    call: 'open(p, "rbt")',
    act: () => open(file, "rbt"),
    error: RangeError,
    message: "can't have text and binary mode at once",
  },
  {
    call: "open(p, 3)",
    act: () => open(file, 3 as never),
    error: TypeError,
    message: "open() argument 'mode' must be str, not int",
  },
  {
    call: 'open(p, "rb", { encoding: "utf-8" })',
    act: () => open(file, "rb", { encoding: "utf-8" } as never),
    error: RangeError,
    message: "binary mode doesn't take an encoding argument",
  },
  {
    call: 'open(p, "rb", { errors: "strict" })',
    act: () => open(file, "rb", { errors: "strict" } as never),
    error: RangeError,
    message: "binary mode doesn't take an errors argument",
  },
  {
    call: 'open(p, "rb", { newline: "" })',
    act: () => open(file, "rb", { newline: "" } as never),
    error: RangeError,
    message: "binary mode doesn't take a newline argument",
  },
  {
    call: 'open(p, "r", { newline: "x" })',
    act: () => open(file, "r", { newline: "x" }),
    error: RangeError,
    message: "illegal newline value: x",
  },
  {
    call: 'open(p, "r", { newline: 3 })',
    act: () => open(file, "r", { newline: 3 as never }),
    error: TypeError,
    message: "open() argument 'newline' must be str or None, not int",
  },
  {
    call: 'open(p, "r", { encoding: "nope" })',
    act: () => open(file, "r", { encoding: "nope" }),
    error: LookupError,
    message: "unknown encoding: nope",
  },
  {
    call: 'open(p, "r", { encoding: "euc-kr" }) (no encoder in Node)',
    act: () => open(file, "r", { encoding: "euc-kr" }),
    error: LookupError,
    message: "unknown encoding: euc-kr",
  },
  {
    call: 'open(p, "r", { encoding: "constructor" }) (not an own property of the codec table)',
    act: () => open(file, "r", { encoding: "constructor" }),
    error: LookupError,
    message: "unknown encoding: constructor",
  },
  {
    call: 'open(p, "r", { encoding: 8 })',
    act: () => open(file, "r", { encoding: 8 as never }),
    error: TypeError,
    message: "open() argument 'encoding' must be str or None, not int",
  },
  {
    call: 'open(p, "r", { errors: "nope" })',
    act: () => open(file, "r", { errors: "nope" }),
    error: LookupError,
    message: "unknown error handler name 'nope'",
  },
  {
    call: 'open(p, "r", { buffering: "x" })',
    act: () => open(file, "r", { buffering: "x" as never }),
    error: TypeError,
    message: "'str' object cannot be interpreted as an integer",
  },
  {
    call: 'open(p, "r", { buffering: 0 })',
    act: () => open(file, "r", { buffering: 0 }),
    error: RangeError,
    message: "can't have unbuffered text I/O",
  },
  // file methods
  {
    call: 'f.read("x")',
    act: withFile("r", (f) => (f as AsyncFile<string> & { read(n: unknown): Coro<string> }).read("x")),
    error: TypeError,
    message: "argument should be integer or None, not 'str'",
  },
  {
    call: "f.read(1.5)",
    act: withFile("rb", (f) => (f as AsyncFile<Buffer> & { read(n: unknown): Coro<Buffer> }).read(1.5)),
    error: TypeError,
    message: "argument should be integer or None, not 'float'",
  },
  {
    call: 'f.readline("x") (text)',
    act: withFile("r", (f) => f.readline("x" as never)),
    error: TypeError,
    message: "'str' object cannot be interpreted as an integer",
  },
  {
    call: 'f.read1("x")',
    act: withFile("rb", (f: import("../src/index.js").BinaryFile) => f.read1("x" as never)),
    error: TypeError,
    message: "'str' object cannot be interpreted as an integer",
  },
  {
    call: 'f.readinto("abc")',
    act: withFile("rb", (f: import("../src/index.js").BinaryFile) => f.readinto("abc" as never)),
    error: TypeError,
    message: "readinto() argument must be read-write bytes-like object, not str",
  },
  {
    call: "text f.write(Buffer)",
    act: withFile("a", (f: import("../src/index.js").TextFile) => f.write(Buffer.from("x") as never)),
    error: TypeError,
    message: "write() argument must be str, not bytes",
  },
  {
    call: "text f.write(3)",
    act: withFile("a", (f: import("../src/index.js").TextFile) => f.write(3 as never)),
    error: TypeError,
    message: "write() argument must be str, not int",
  },
  {
    call: 'text f.writelines(["a", 1])',
    act: withFile("a", (f: import("../src/index.js").TextFile) => f.writelines(["a", 1] as never)),
    error: TypeError,
    message: "write() argument must be str, not int",
  },
  {
    call: 'binary f.write("s")',
    act: withFile("ab", (f: import("../src/index.js").BinaryFile) => f.write("s" as never)),
    error: TypeError,
    message: "a bytes-like object is required, not 'str'",
  },
  {
    call: 'f.write("한") with encoding ascii',
    act: () =>
      inLoop(function* () {
        const f = yield* open(join(dir, "ascii.txt"), "w", { encoding: "ascii" });
        try {
          yield* f.write("한");
        } finally {
          yield* f.close();
        }
      }),
    error: UnicodeEncodeError,
    message: "'ascii' codec can't encode character '\\ud55c' in position 0: ordinal not in range(128)",
  },
  {
    call: "read-only f.write(s)",
    act: withFile("r", (f: import("../src/index.js").TextFile) => f.write("x")),
    error: UnsupportedOperation,
    message: "not writable",
  },
  {
    call: "write-only f.read()",
    act: withFile("a", (f: import("../src/index.js").TextFile) => f.read()),
    error: UnsupportedOperation,
    message: "not readable",
  },
  {
    call: "read-only binary f.write(b)",
    act: withFile("rb", (f: import("../src/index.js").BinaryFile) => f.write(Buffer.from("x"))),
    error: UnsupportedOperation,
    message: "write",
  },
  {
    call: "read-only f.truncate()",
    act: withFile("r", (f) => f.readline() && (f as import("../src/index.js").TextFile).truncate()),
    error: UnsupportedOperation,
    message: "truncate",
  },
  {
    call: "closed f.read()",
    act: withFile("r", (f: import("../src/index.js").TextFile) => f.read(), { close: true }),
    error: RangeError,
    message: "I/O operation on closed file.",
  },
  {
    call: "closed binary f.read()",
    act: withFile("rb", (f: import("../src/index.js").BinaryFile) => f.read(), { close: true }),
    error: RangeError,
    message: "read of closed file",
  },
  {
    call: 'f.seek("a")',
    act: withFile("r", (f: import("../src/index.js").TextFile) => f.seek("a" as never)),
    error: TypeError,
    message: "'str' object cannot be interpreted as an integer",
  },
  {
    call: "text f.seek(1, 1)",
    act: withFile("r", (f: import("../src/index.js").TextFile) => f.seek(1, 1)),
    error: UnsupportedOperation,
    message: "can't do nonzero cur-relative seeks",
  },
  {
    call: "text f.seek(-1)",
    act: withFile("r", (f: import("../src/index.js").TextFile) => f.seek(-1)),
    error: RangeError,
    message: "negative seek position -1",
  },
  {
    call: "binary f.seek(-1)",
    act: withFile("rb", (f: import("../src/index.js").BinaryFile) => f.seek(-1)),
    error: OSError,
    message: "[Errno 22] Invalid argument",
  },
  {
    call: "binary f.seek(0, 5)",
    act: withFile("rb", (f: import("../src/index.js").BinaryFile) => f.seek(0, 5)),
    error: RangeError,
    message: "whence value 5 unsupported",
  },
  {
    call: "f.truncate(-1)",
    act: withFile("a", (f: import("../src/index.js").TextFile) => f.truncate(-1)),
    error: OSError,
    message: "[Errno 22] Invalid argument",
  },
  // os, tempfile, writeAtomic
  {
    call: "os.stat(123)",
    act: () => inLoop(() => os.stat(123 as never)),
    error: TypeError,
    message: "expected a path, got the file descriptor 123 (descriptors are not supported: pass the path)",
  },
  {
    call: "os.mkdir(existing)",
    act: () => inLoop(() => os.mkdir(dir)),
    error: FileExistsError,
    message: `[Errno 17] File exists: '${dir}'`,
  },
  {
    call: 'os.mkdir(p, "777")',
    act: () => inLoop(() => os.mkdir(join(dir, "m"), "777" as never)),
    error: TypeError,
    message: "'str' object cannot be interpreted as an integer",
  },
  {
    call: "os.rmdir(not empty)",
    act: () => inLoop(() => os.rmdir(join(dir, "full"))),
    error: OSError,
    message: `[Errno 39] Directory not empty: '${join(dir, "full")}'`,
  },
  {
    call: 'os.access(p, "r")',
    act: () => inLoop(() => os.access(file, "r" as never)),
    error: TypeError,
    message: "'str' object cannot be interpreted as an integer",
  },
  {
    call: "os.sendfile(-1, -1, 0, 1)",
    act: () => inLoop(() => os.sendfile(-1, -1, 0, 1)),
    error: OSError,
    message: "[Errno 9] Bad file descriptor",
  },
  {
    call: "tempfile.SpooledTemporaryFile({ maxSize: -1 })",
    act: () => tempfile.SpooledTemporaryFile({ maxSize: -1 }),
    error: RangeError,
    message: "maxSize must be a non-negative integer, got -1",
  },
  {
    // A directory two levels down: a broken candidate name (the directory itself) cannot create it.
    call: 'tempfile.TemporaryDirectory({ dir: "/nonexistent/dir" })',
    act: () => inLoop(() => tempfile.TemporaryDirectory({ dir: "/nonexistent/dir" }).aenter()),
    error: FileNotFoundError,
    message: /^\[Errno 2\] No such file or directory: '\/nonexistent\/dir\/tmp[a-z0-9_]{8}'$/,
  },
  {
    call: "writeAtomic(p, 3)",
    act: () => inLoop(() => writeAtomic(file, 3 as never)),
    error: TypeError,
    message: "a bytes-like object is required, not 'int'",
  },
  {
    call: 'writeAtomic("/nonexistent/x", "a")',
    act: () => inLoop(() => writeAtomic("/nonexistent/x", "a")),
    error: FileNotFoundError,
    message: "[Errno 2] No such file or directory: '/nonexistent/x'",
  },
  {
    call: 'writeAtomic(directory, "a")',
    act: () => inLoop(() => writeAtomic(join(dir, "full"), "a")),
    error: IsADirectoryError,
    message: `[Errno 21] Is a directory: '${join(dir, "full")}'`,
  },
  {
    call: "removeStaleTemps(3)",
    act: () => inLoop(() => removeStaleTemps(3 as never)),
    error: TypeError,
    message: "expected a path, got the file descriptor 3 (descriptors are not supported: pass the path)",
  },
  {
    call: 'removeStaleTemps("/nonexistent")',
    act: () => inLoop(() => removeStaleTemps("/nonexistent")),
    error: FileNotFoundError,
    message: "[Errno 2] No such file or directory: '/nonexistent'",
  },
  {
    call: "removeStaleTemps(file)",
    act: () => inLoop(() => removeStaleTemps(file)),
    error: NotADirectoryError,
    message: `[Errno 20] Not a directory: '${file}'`,
  },
];

badInputs("@aio/fs", rows);
