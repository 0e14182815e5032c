#!/usr/bin/env node
/**
 * `aio-wc [--max-open N] FILE…`: GNU wc's default output (lines, words, bytes, and a total for
 * several files), errors on stderr as `wc: NAME: reason`, exit status 1 if any file failed.
 */
import { run } from "@aio/task";
import { formatLine, wc } from "./wc.js";

const args = process.argv.slice(2);
let maxOpen = 16;
const at = args.indexOf("--max-open");
if (at !== -1) {
  maxOpen = Number(args[at + 1]);
  args.splice(at, 2);
}
if (args.length === 0) {
  process.stderr.write("usage: aio-wc [--max-open N] FILE...\n");
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
