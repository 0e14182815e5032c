/** fetch-many's command line. */
import { readFileSync } from "node:fs";
import { parseUrlList } from "./fetch-many.js";

export const USAGE = `usage: fetch-many [-o DIR] [-c N] [-r N] [--backoff S] [--timeout S] [-i FILE] URL...
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

/** The command line, or an error message. */
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
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const value = () => argv[++i];
    let n: number | string;
    switch (a) {
      case "-h":
      case "--help":
        return USAGE;
      case "-o":
      case "--out": {
        const v = value();
        if (v === undefined) return `${a} takes a directory`;
        args.out = v;
        break;
      }
      case "-c":
      case "--concurrency":
        n = number(a, value(), true);
        if (typeof n === "string") return n;
        if (n === 0) return `${a} must be at least 1`;
        args.concurrency = n;
        break;
      case "-r":
      case "--retries":
        n = number(a, value(), true);
        if (typeof n === "string") return n;
        args.retries = n;
        break;
      case "--backoff":
        n = number(a, value(), false);
        if (typeof n === "string") return n;
        args.backoff = n;
        break;
      case "--timeout":
        n = number(a, value(), false);
        if (typeof n === "string") return n;
        args.timeout = n;
        break;
      case "-i":
      case "--input": {
        const v = value();
        if (v === undefined) return `${a} takes a file`;
        try {
          args.urls.push(...parseUrlList(readFileSync(v === "-" ? 0 : v, "utf8")));
        } catch (err) {
          return `cannot read ${v}: ${(err as Error).message}`;
        }
        break;
      }
      default:
        if (a.startsWith("-")) return `unknown option ${a}\n${USAGE}`;
        args.urls.push(a);
    }
  }
  if (args.urls.length === 0) return USAGE;
  return args;
}
