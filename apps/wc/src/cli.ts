#!/usr/bin/env node
/**
 * `aio-wc [--max-open N] FILE…`: GNU wc's default output (lines, words, bytes, and a total for
 * several files), errors on stderr as `wc: NAME: reason`, exit status 1 if any file failed.
 */
import { parseArgs } from "node:util";
import { run } from "@aio/task";
import { formatLine, wc } from "./wc.js";

const USAGE = "usage: aio-wc [--max-open N] FILE...";
let args: string[];
let maxOpen = 16;
try {
  const parsed = parseArgs({ allowPositionals: true, options: { "max-open": { type: "string" } } });
  args = parsed.positionals;
  const text = parsed.values["max-open"];
  if (text !== undefined) {
    maxOpen = Number(text);
    if (!Number.isInteger(maxOpen) || maxOpen < 1)
      throw new Error(`--max-open must be a whole number >= 1, got '${text}'`);
  }
} catch (err) {
  process.stderr.write(`aio-wc: ${(err as Error).message}\n${USAGE}\n`);
  process.exit(2);
}
if (args.length === 0) {
  process.stderr.write(`${USAGE}\n`);
  process.exit(2);
}

const result = await run(wc(args, { maxOpen }));
let failed = false;
for (const file of result.files) {
  if (file.error !== null) {
    failed = true;
    process.stderr.write(`wc: ${file.error}\n`);
  }
  if (file.counts !== null) process.stdout.write(`${formatLine(file.counts, result.width, file.name)}\n`);
}
if (args.length > 1) process.stdout.write(`${formatLine(result.total, result.width, "total")}\n`);
process.exitCode = failed ? 1 : 0;
