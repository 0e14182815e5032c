/** fetch-many's command line. */
import { readFileSync } from "node:fs";
import { parseArgs as nodeParseArgs } from "node:util";
import { parseUrlList } from "./fetch-many.js";

export const USAGE = `usage: fetch-many [-o DIR] [-c N] [-r N] [--backoff S] [--timeout S] [-i FILE] [--] URL...
  -o, --out DIR        where the files go (default: downloads)
  -c, --concurrency N  downloads at once (default 4)
  -r, --retries N      retries of a failure that may pass: connection, timeout, 429, 5xx (default 3)
      --backoff S      seconds before the first retry, doubled for each next one (default 0.5)
      --timeout S      seconds one attempt may take in all (default: none)
  -i, --input FILE     read URLs from FILE, one per line (# comments); - for stdin
`;

export interface Args {
  out: string;
  concurrency: number;
  retries: number;
  backoff: number;
  timeout: number | null;
  urls: string[];
}

const OPTIONS = {
  help: { type: "boolean", short: "h" },
  out: { type: "string", short: "o" },
  concurrency: { type: "string", short: "c" },
  retries: { type: "string", short: "r" },
  backoff: { type: "string" },
  timeout: { type: "string" },
  input: { type: "string", short: "i" },
} as const;

/**
 * The command line, or an error message. Node's `util.parseArgs` splits it (`--out=DIR`, `-c4`,
 * `--` before URLs that start with `-`); the checks and messages are fetch-many's own, naming the
 * flag as it was written and the value it got.
 */
export function parseArgs(argv: string[]): Args | string {
  const args: Args = { out: "downloads", concurrency: 4, retries: 3, backoff: 0.5, timeout: null, urls: [] };
  const number = (flag: string, value: string | undefined, integer: boolean): number | string => {
    const n = Number(value);
    if (
      value === undefined ||
      value === "" ||
      !Number.isFinite(n) ||
      n < 0 ||
      (integer && !Number.isInteger(n))
    )
      return `${flag} takes a ${integer ? "non-negative integer" : "number of seconds"}, got ${JSON.stringify(value ?? "")}`;
    return n;
  };
  // Not strict: an unknown option or a missing value comes back as a token, reported below in
  // fetch-many's words instead of parseArgs' error.
  const { tokens } = nodeParseArgs({
    args: argv,
    options: OPTIONS,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  for (const t of tokens) {
    if (t.kind === "option-terminator") continue;
    if (t.kind === "positional") {
      args.urls.push(t.value);
      continue;
    }
    const flag = t.rawName;
    let n: number | string;
    switch (t.name) {
      case "help":
        if (t.value !== undefined) return `${flag} takes no value, got ${JSON.stringify(t.value)}`;
        return USAGE;
      case "out":
        if (t.value === undefined) return `${flag} takes a directory`;
        args.out = t.value;
        break;
      case "concurrency":
        n = number(flag, t.value, true);
        if (typeof n === "string") return n;
        if (n === 0) return `${flag} must be at least 1`;
        args.concurrency = n;
        break;
      case "retries":
        n = number(flag, t.value, true);
        if (typeof n === "string") return n;
        args.retries = n;
        break;
      case "backoff":
        n = number(flag, t.value, false);
        if (typeof n === "string") return n;
        args.backoff = n;
        break;
      case "timeout":
        n = number(flag, t.value, false);
        if (typeof n === "string") return n;
        args.timeout = n;
        break;
      case "input": {
        const v = t.value;
        if (v === undefined) return `${flag} takes a file`;
        try {
          args.urls.push(...parseUrlList(readFileSync(v === "-" ? 0 : v, "utf8")));
        } catch (err) {
          return `cannot read ${v}: ${(err as Error).message}`;
        }
        break;
      }
      default:
        return `unknown option ${flag}\n${USAGE}`;
    }
  }
  if (args.urls.length === 0) return USAGE;
  return args;
}
