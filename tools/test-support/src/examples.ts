/**
 * README examples: the ```ts blocks of a Markdown file, and the output each one promises in its
 * `// → …` comments. Shared by the README tests (examples run against the sources) and the
 * packaging gate (examples run against the packed, installed packages). No dependencies.
 */
import { formatWithOptions } from "node:util";

/** One ```ts block: its code and the line of the README it starts on. */
export interface Example {
  code: string;
  line: number;
}

/** The ```ts blocks of `markdown`, in order. */
export function examples(markdown: string): Example[] {
  const out: Example[] = [];
  for (const m of markdown.matchAll(/^```ts\n([\s\S]*?)^```$/gm)) {
    out.push({ code: m[1] as string, line: markdown.slice(0, m.index).split("\n").length + 1 });
  }
  return out;
}

/**
 * The lines an example must print, in order: the text after `// → ` in its comments, one comment a
 * line (a comment may stand after the statement that prints, or on its own line below it).
 */
export function expectedOutput(code: string): string[] {
  return [...code.matchAll(/\/\/ → ?(.*)$/gm)].map((m) => (m[1] as string).trimEnd());
}

/** What `console.log(...args)` writes, without the newline and without colours. */
export function formatLog(args: unknown[]): string {
  return formatWithOptions({ colors: false }, ...args);
}

/** The printed text split into lines (a final newline ends the last line, it adds none). */
export function outputLines(text: string): string[] {
  const lines = text.split("\n").map((l) => l.trimEnd());
  if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/** The `@aio/…` packages an example imports. */
export function importedPackages(code: string): string[] {
  const names = new Set<string>();
  for (const m of code.matchAll(
    /from\s+"(@aio\/[a-z-]+)(?:\/[a-z-]+)?"|import\s+"(@aio\/[a-z-]+)(?:\/[a-z-]+)?"/g,
  )) {
    names.add((m[1] ?? m[2]) as string);
  }
  return [...names].sort();
}
