/**
 * The catalogue as `../shared/SCENARIOS.md` writes it: its entries, in order, with what each program
 * printed when it was checked on CPython ("Observed" blocks). The scenario modules' expected output
 * is checked against these blocks, so that it is never rewritten to what JavaScript prints.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, patternRegExp } from "./compare.js";
import type { ExpectedLine, Scenario } from "./scenario.js";

/** One line of an observed run. */
export interface ObservedLine {
  stream: "out" | "err";
  /** Seconds since the Python process started. */
  at: number;
  text: string;
}

/** One "Observed" block: a run of the entry's program (or of a variant) on some CPython. */
export interface ObservedRun {
  /** The heading, e.g. `Python 3.12.1, \`python3.12 (pyenv)\`) — same program on CPython 3.12.1`. */
  label: string;
  /** The CPython version, e.g. `3.12.1`. */
  python: string;
  lines: ObservedLine[];
  exitCode: number;
  wallSeconds: number;
}

/** An entry of SCENARIOS.md. */
export interface DocumentEntry {
  id: string;
  title: string;
  kind: "original" | "reconstructed" | "claim";
  /** The "Needs" column of the summary. */
  needs: string;
  observed: ObservedRun[];
}

/** Where SCENARIOS.md is: `../shared` beside the repository (or `AIO_SHARED`). */
export function scenariosPath(): string {
  const shared =
    process.env.AIO_SHARED ?? join(dirname(fileURLToPath(import.meta.url)), "../../../../shared");
  return join(shared, "SCENARIOS.md");
}

/** Parses SCENARIOS.md. */
export function parseScenarios(markdown: string): DocumentEntry[] {
  const summary = new Map<string, { title: string; kind: DocumentEntry["kind"]; needs: string }>();
  for (const m of markdown.matchAll(
    /^\| \[(S\d{3}-\d{2}-[a-z0-9-]+)\]\(#[^)]*\) \| \d{3} \| (.*?) \| (original|reconstructed|claim) \| (.*?) \| .*? \|$/gm,
  )) {
    summary.set(m[1] as string, {
      title: m[2] as string,
      kind: m[3] as DocumentEntry["kind"],
      needs: m[4] as string,
    });
  }
  const entries: DocumentEntry[] = [];
  const sections = markdown.split(/^### (?=S\d{3}-\d{2}-)/m).slice(1);
  for (const section of sections) {
    const id = (section.split("\n")[0] as string).trim();
    const info = summary.get(id);
    if (!info) throw new Error(`SCENARIOS.md: ${id} has a section but no row in the summary`);
    const observed: ObservedRun[] = [];
    for (const m of section.matchAll(/^\*\*Observed \((.*?)\*\*\n\n```text\n([\s\S]*?)^```$/gm)) {
      observed.push(parseRun(id, m[1] as string, m[2] as string));
    }
    entries.push({ id, ...info, observed });
  }
  return entries;
}

function parseRun(id: string, label: string, body: string): ObservedRun {
  const version = /^Python (\d+\.\d+\.\d+)/.exec(label);
  if (!version) throw new Error(`SCENARIOS.md ${id}: observed block without a Python version: ${label}`);
  const lines: ObservedLine[] = [];
  let exitCode = Number.NaN;
  let wallSeconds = Number.NaN;
  for (const raw of body.split("\n")) {
    if (raw === "") continue;
    const line = /^\+\s*(\d+\.\d+)s (out|err)\| ?(.*)$/.exec(raw);
    if (line) {
      lines.push({ at: Number(line[1]), stream: line[2] as "out" | "err", text: line[3] as string });
      continue;
    }
    const end = /^\[exit (\d+), wall (\d+\.\d+)s\]$/.exec(raw);
    if (end) {
      exitCode = Number(end[1]);
      wallSeconds = Number(end[2]);
      continue;
    }
    // The demo's own columns (S003-03) or prose: kept as printed lines of no stream are not expected.
    throw new Error(`SCENARIOS.md ${id}: cannot read observed line ${JSON.stringify(raw)}`);
  }
  return { label, python: version[1] as string, lines, exitCode, wallSeconds };
}

/** The entries of the SCENARIOS.md beside the repository, or null when it is not there. */
export function loadScenarios(): DocumentEntry[] | null {
  const path = scenariosPath();
  return existsSync(path) ? parseScenarios(readFileSync(path, "utf8")) : null;
}

/** The observed run a scenario reproduces: its `observed` index, else the last 3.12 run, else the first. */
export function referenceRun(scenario: Scenario, entry: DocumentEntry): ObservedRun | undefined {
  if (scenario.observed !== undefined) return entry.observed[scenario.observed];
  const on312 = entry.observed.filter((r) => r.python.startsWith("3.12."));
  return on312[on312.length - 1] ?? entry.observed[0];
}

/** A traceback's frame lines, which the runner does not print (it prints the error's last line). */
function isTracebackFrame(text: string): boolean {
  return text === "Traceback (most recent call last):" || /^\s/.test(text);
}

/** SCENARIOS.md's masks made concrete, so that the scenario's slots can read the line. */
function unmask(text: string): string {
  return text.replace(/<rundir>/g, "/rundir").replace(/<python[\d.]*>/g, "/python");
}

/**
 * Where a scenario's expected output departs from what SCENARIOS.md recorded on CPython, without a
 * declared reason: each expected line must read the observed line (slots for what varies), or
 * declare the Python text it replaces and why; observed stderr lines it does not print are
 * declared too (traceback frames excepted); the exit status is the same.
 */
export function documentProblems(scenario: Scenario, entry: DocumentEntry): string[] {
  const problems: string[] = [];
  const run = referenceRun(scenario, entry);
  if (run === undefined) return [`SCENARIOS.md has no observed run ${scenario.observed ?? 0}`];
  const where = `observed run "${run.label}"`;
  for (const stream of ["out", "err"] as const) {
    const expected = scenario.expected.filter((e) => e.stream === stream);
    const observed = run.lines.filter((l) => l.stream === stream).map((l) => l.text);
    const omitted = stream === "err" ? [...(scenario.omitted ?? [])] : [];
    let j = 0;
    const reads = (e: ExpectedLine, o: string): boolean =>
      e.python !== undefined ? o === e.python.text : lineReads(e, unmask(o));
    // Traceback frames are skipped (the runner prints an uncaught error's last line only), unless
    // the program prints them too (@aio/debug's warnings quote frames and source lines): then the
    // next expected line claims them.
    const skipUnprinted = (next?: ExpectedLine): void => {
      for (;;) {
        const o = observed[j];
        if (o === undefined) return;
        const k = omitted.findIndex((x) => x.text === o);
        if (k >= 0) omitted.splice(k, 1);
        else if (!(stream === "err" && isTracebackFrame(o)) || (next !== undefined && reads(next, o))) return;
        j++;
      }
    };
    for (const e of expected) {
      skipUnprinted(e);
      const o = observed[j];
      const ok = o !== undefined && reads(e, o);
      if (ok) j++;
      else if (!e.optional) {
        problems.push(
          `${stream}: expected ${JSON.stringify(describe(e.text))}${e.python ? ` (for Python's ${JSON.stringify(e.python.text)})` : ""}, ${where} has ${o === undefined ? "no more lines" : JSON.stringify(o)}`,
        );
        if (o !== undefined) j++;
      }
    }
    skipUnprinted();
    for (; j < observed.length; j++)
      problems.push(`${stream}: ${where} also has ${JSON.stringify(observed[j])}`);
    for (const x of omitted) problems.push(`omitted ${JSON.stringify(x.text)} is not in the ${where}`);
  }
  if ((scenario.exitCode ?? 0) !== run.exitCode) {
    problems.push(`exit status ${scenario.exitCode ?? 0}, the ${where} exited with ${run.exitCode}`);
  }
  return problems;
}

function lineReads(e: ExpectedLine, text: string): boolean {
  const m = patternRegExp(e.text).exec(text);
  if (!m) return false;
  if (typeof e.text === "string") return true;
  return e.text.slots.every((slot, k) => {
    if (slot.kind !== "set") return true;
    const items = [...(m[k + 1] as string).matchAll(/'((?:[^'\\]|\\.)*)'/g)].map((x) => x[1]).sort();
    return items.join("\u0000") === [...slot.items].sort().join("\u0000");
  });
}
