/**
 * Every public entry point of @aio/debug, given what a user could get wrong: a clear error at
 * once, naming the problem and the value, Python's words where logging and warnings have them.
 */
import { type BadInput, badInputs } from "@aio/test-support";
import {
  captureCallGraph,
  hideFrames,
  logging,
  percentFormat,
  StringStream,
  warnings,
} from "../src/index.js";

const rows: BadInput[] = [
  {
    call: 'logger.setLevel("LOUD")',
    act: () => logging.getLogger("bad").setLevel("LOUD"),
    error: RangeError,
    message: "Unknown level: 'LOUD'",
  },
  {
    call: "logger.setLevel(1.5)",
    act: () => logging.getLogger("bad").setLevel(1.5),
    error: TypeError,
    message: "Level not an integer or a valid string: 1.5",
  },
  {
    call: "new StreamHandler(null, {})",
    act: () => new logging.StreamHandler(null, {} as never),
    error: TypeError,
    message: "Level not an integer or a valid string: {}",
  },
  {
    call: "new StreamHandler(42)",
    act: () => new logging.StreamHandler(42 as never),
    error: TypeError,
    message: "stream must have a write() method, got 42",
  },
  {
    call: 'new Formatter("%(message)s", null, { style: "#" })',
    act: () => new logging.Formatter("%(message)s", null, { style: "#" as never }),
    error: RangeError,
    message: "Style must be one of: %,{,$",
  },
  {
    call: 'new Formatter("no fields")',
    act: () => new logging.Formatter("no fields"),
    error: RangeError,
    message: "Invalid format 'no fields' for '%' style",
  },
  {
    call: 'new Formatter("%(message")',
    act: () => new logging.Formatter("%(message"),
    error: RangeError,
    message: "Invalid format '%(message' for '%' style",
  },
  {
    call: 'new Formatter("{message", null, "{")',
    act: () => new logging.Formatter("{message", null, "{"),
    error: RangeError,
    message: "invalid format: expected '}' before end of string",
  },
  {
    call: 'new FileHandler("")',
    act: () => new logging.FileHandler(""),
    error: TypeError,
    message: "filename must be a non-empty string, got ''",
  },
  {
    call: 'new FileHandler("x.log", { mode: "r" })',
    act: () => new logging.FileHandler("x.log", { mode: "r" as never, delay: true }),
    error: RangeError,
    message: "invalid mode: 'r'",
  },
  {
    call: 'new FileHandler("x.log", { encoding: "latin-1" })',
    act: () => new logging.FileHandler("x.log", { encoding: "latin-1", delay: true }),
    error: RangeError,
    message: "FileHandler writes UTF-8 only, not 'latin-1'",
  },
  {
    call: 'new RotatingFileHandler("x.log", { maxBytes: -1 })',
    act: () => new logging.RotatingFileHandler("x.log", { maxBytes: -1, delay: true }),
    error: RangeError,
    message: "maxBytes must be an integer >= 0, got -1",
  },
  {
    call: 'new RotatingFileHandler("x.log", { backupCount: 1.5 })',
    act: () => new logging.RotatingFileHandler("x.log", { backupCount: 1.5, delay: true }),
    error: RangeError,
    message: "backupCount must be an integer >= 0, got 1.5",
  },
  {
    call: "new ForwardingHandler({ info() {} })",
    act: () => new logging.ForwardingHandler({ info() {} } as never),
    error: TypeError,
    message:
      /^ForwardingHandler needs a logger with debug, info, warn and error methods; .* has no debug\(\)$/,
  },
  {
    call: "getLogger(42)",
    act: () => logging.getLogger(42 as never),
    error: TypeError,
    message: "A logger name must be a string",
  },
  {
    call: "logger.addHandler({})",
    act: () => logging.getLogger("bad").addHandler({} as never),
    error: TypeError,
    message: "addHandler() needs a Handler, got {}",
  },
  {
    call: 'logger.log("INFO", "x")',
    act: () => logging.getLogger("bad").log("INFO" as never, "x"),
    error: TypeError,
    message: "level must be an integer",
  },
  {
    call: 'basicConfig({ stream, filename: "x.log", force: true })',
    act: () => logging.basicConfig({ stream: new StringStream(), filename: "x.log", force: true }),
    error: RangeError,
    message: "'stream' and 'filename' should not be specified together",
  },
  {
    call: "basicConfig({ stream, handlers: [], force: true })",
    act: () => logging.basicConfig({ stream: new StringStream(), handlers: [], force: true }),
    error: RangeError,
    message: "'stream' or 'filename' should not be specified together with 'handlers'",
  },
  {
    call: "basicConfig({ colour: true, force: true })",
    act: () => logging.basicConfig({ colour: true, force: true, stream: new StringStream() } as never),
    error: RangeError,
    message: "Unrecognised argument(s): colour",
  },
  {
    call: 'logger.info("x", kw({ extra: { name: 1 } }))',
    act: () => {
      const l = logging.getLogger("bad.extra");
      l.addHandler(new logging.StreamHandler(new StringStream()));
      l.warning("x", logging.kw({ extra: { name: 1 } }));
    },
    error: Error,
    message: "Attempt to overwrite 'name' in LogRecord",
  },
  {
    call: 'percentFormat("%s %s", ["a"])',
    act: () => percentFormat("%s %s", ["a"]),
    error: TypeError,
    message: "not enough arguments for format string",
  },
  {
    call: 'percentFormat("%s", ["a", "b"])',
    act: () => percentFormat("%s", ["a", "b"]),
    error: TypeError,
    message: "not all arguments converted during string formatting",
  },
  {
    call: 'percentFormat("%d", ["x"])',
    act: () => percentFormat("%d", ["x"]),
    error: TypeError,
    message: "%d format: a real number is required, not str",
  },
  {
    call: 'percentFormat("%f", ["x"])',
    act: () => percentFormat("%f", ["x"]),
    error: TypeError,
    message: "must be real number, not str",
  },
  {
    call: 'percentFormat("%y", [1])',
    act: () => percentFormat("%y", [1]),
    error: RangeError,
    message: "unsupported format character 'y' (0x79) at index 1",
  },
  {
    call: 'percentFormat("50%", [])',
    act: () => percentFormat("50%", [1]),
    error: RangeError,
    message: "incomplete format",
  },
  {
    call: 'percentFormat("%(a)s", { b: 1 })',
    act: () => percentFormat("%(a)s", { b: 1 }),
    error: RangeError,
    message: "KeyError: 'a'",
  },
  {
    call: 'percentFormat("%(a)s", [1])',
    act: () => percentFormat("%(a)s", [1]),
    error: TypeError,
    message: "format requires a mapping",
  },
  {
    call: 'warnings.simplefilter("loud")',
    act: () => warnings.simplefilter("loud" as never),
    error: RangeError,
    message: "invalid action: 'loud'",
  },
  {
    call: 'warnings.simplefilter("error", Error)',
    act: () => warnings.simplefilter("error", Error as never),
    error: TypeError,
    message: /^category must be a Warning subclass, not /,
  },
  {
    call: 'warnings.filterwarnings("ignore", { lineno: -1 })',
    act: () => warnings.filterwarnings("ignore", { lineno: -1 }),
    error: RangeError,
    message: "lineno must be an int >= 0",
  },
  {
    call: 'warnings.warn("x", RangeError)',
    act: () => warnings.warn("x", RangeError as never),
    error: TypeError,
    message: /^category must be a Warning subclass, not /,
  },
  {
    call: 'warnings.warn("x", null, 1.5)',
    act: () => warnings.warn("x", null, 1.5),
    error: TypeError,
    message: "stacklevel must be an integer, got 1.5",
  },
  {
    call: 'hideFrames("x")',
    act: () => hideFrames("x" as never),
    error: TypeError,
    message: "hideFrames() needs a RegExp, got x",
  },
  {
    call: "captureCallGraph({})",
    act: () => captureCallGraph({} as never),
    error: TypeError,
    message: "{} object does not appear to be compatible with asyncio.Future",
  },
];

badInputs("@aio/debug", rows);
