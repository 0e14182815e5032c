/**
 * The catalogue's record (`catalog.json` beside this module): its entries, in the order of the five
 * source posts, with what each program printed when it was run on CPython. The scenario modules'
 * expected output is checked against these runs, so that it is never rewritten to what JavaScript
 * prints.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, patternRegExp } from "./compare.js";
import type { ExpectedLine, Scenario } from "./scenario.js";

/** One line of a recorded run. */
export interface ObservedLine {
  stream: "out" | "err";
  /** Seconds since the Python process started. */
  at: number;
  text: string;
}

/** One recorded run of the entry's program (or of a variant of it) on some CPython. */
export interface ObservedRun {
  /** What ran, e.g. `CPython 3.12.1 (the same output, and a DeprecationWarning on stderr)`. */
  label: string;
  /** The CPython version, e.g. `3.12.1`. */
  python: string;
  lines: ObservedLine[];
  exitCode: number;
  wallSeconds: number;
}

/** What the program of an entry needs besides the loop. */
export type Need = "timers" | "executor" | "files" | "http" | "debug" | "logging";
const NEEDS: readonly Need[] = ["timers", "executor", "files", "http", "debug", "logging"];

/** An entry of the catalogue. */
export interface CatalogEntry {
  id: string;
  /** The source post's file name, e.g. `004_779d70134b209283.txt`. */
  seed: string;
  /** What the entry shows, in Python's terms. */
  title: string;
  kind: "original" | "reconstructed" | "claim";
  needs: Need[];
  /** Its recorded runs, the first the program itself. */
  observed: ObservedRun[];
}

/** Where the catalogue's record is. */
export function catalogDataPath(): string {
  return fileURLToPath(new URL("./catalog.json", import.meta.url));
}

/** Reads the catalogue's record; `source` names it in errors. Throws, saying where, on anything malformed. */
export function parseCatalogData(json: string, source = "catalog.json"): CatalogEntry[] {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (err) {
    throw new Error(`${source}: not JSON: ${(err as Error).message}`);
  }
  const fail = (where: string, what: string): never => {
    throw new Error(`${source}: ${where}: ${what}`);
  };
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === "object" && v !== null && !Array.isArray(v);
  const text = (o: Record<string, unknown>, key: string, where: string): string => {
    const v = o[key];
    if (typeof v !== "string" || v === "") fail(where, `"${key}" must be a non-empty string`);
    return v as string;
  };
  const number = (o: Record<string, unknown>, key: string, where: string): number => {
    const v = o[key];
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0)
      fail(where, `"${key}" must be a number of at least 0`);
    return v as number;
  };
  if (!isObject(data) || !Array.isArray(data.entries)) fail("top level", `an object with "entries": [...]`);
  const seen = new Set<string>();
  return ((data as { entries: unknown[] }).entries as unknown[]).map((raw, i) => {
    if (!isObject(raw)) return fail(`entries[${i}]`, "must be an object");
    const id = text(raw, "id", `entries[${i}]`);
    const at = `entries[${i}] (${id})`;
    if (!/^S\d{3}-\d{2}-[a-z0-9-]+$/.test(id)) fail(at, `"id" must read S<seed>-<position>-<slug>`);
    if (seen.has(id)) fail(at, "a second entry with this id");
    seen.add(id);
    const kind = raw.kind;
    if (kind !== "original" && kind !== "reconstructed" && kind !== "claim")
      fail(at, `"kind" must be "original", "reconstructed" or "claim", not ${JSON.stringify(kind)}`);
    const needs = raw.needs;
    if (!Array.isArray(needs) || !needs.every((n) => NEEDS.includes(n)))
      fail(at, `"needs" must be a list of ${NEEDS.map((n) => JSON.stringify(n)).join(", ")}`);
    if (!Array.isArray(raw.runs) || raw.runs.length === 0) fail(at, `"runs" must be a non-empty list`);
    const observed = (raw.runs as unknown[]).map((run, k): ObservedRun => {
      const where = `${at} runs[${k}]`;
      if (!isObject(run)) return fail(where, "must be an object");
      const python = text(run, "python", where);
      if (!/^\d+\.\d+\.\d+$/.test(python)) fail(where, `"python" must be a version such as "3.12.1"`);
      const note = run.note;
      if (note !== undefined && (typeof note !== "string" || note === ""))
        fail(where, `"note", when present, must be a non-empty string`);
      const exitCode = number(run, "exit", where);
      if (!Number.isInteger(exitCode)) fail(where, `"exit" must be an integer`);
      if (!Array.isArray(run.lines)) fail(where, `"lines" must be a list`);
      const lines = (run.lines as unknown[]).map((line, n): ObservedLine => {
        if (
          !Array.isArray(line) ||
          line.length !== 3 ||
          typeof line[0] !== "number" ||
          !(line[0] >= 0) ||
          (line[1] !== "out" && line[1] !== "err") ||
          typeof line[2] !== "string"
        ) {
          return fail(`${where} lines[${n}]`, `must be [seconds, "out" | "err", text]`);
        }
        return { at: line[0], stream: line[1], text: line[2] };
      });
      return {
        label: `CPython ${python}${note === undefined ? "" : ` (${note})`}`,
        python,
        lines,
        exitCode,
        wallSeconds: number(run, "wall", where),
      };
    });
    return {
      id,
      seed: text(raw, "seed", at),
      title: text(raw, "title", at),
      kind: kind as CatalogEntry["kind"],
      needs: needs as Need[],
      observed,
    };
  });
}

/** The catalogue's entries, as recorded in `catalog.json`. */
export function loadCatalogData(): CatalogEntry[] {
  const path = catalogDataPath();
  return parseCatalogData(readFileSync(path, "utf8"), path);
}

/** The observed run a scenario reproduces: its `observed` index, else the last 3.12 run, else the first. */
export function referenceRun(scenario: Scenario, entry: CatalogEntry): ObservedRun | undefined {
  if (scenario.observed !== undefined) return entry.observed[scenario.observed];
  const on312 = entry.observed.filter((r) => r.python.startsWith("3.12."));
  return on312[on312.length - 1] ?? entry.observed[0];
}

/** A traceback's frame lines, which the runner does not print (it prints the error's last line). */
function isTracebackFrame(text: string): boolean {
  return text === "Traceback (most recent call last):" || /^\s/.test(text);
}

/** The record's masks made concrete, so that the scenario's slots can read the line. */
function unmask(text: string): string {
  return text.replace(/<rundir>/g, "/rundir").replace(/<python[\d.]*>/g, "/python");
}

/**
 * Where a scenario's expected output departs from what the catalogue recorded on CPython, without a
 * declared reason: each expected line must read the observed line (slots for what varies), or
 * declare the Python text it replaces and why; observed stderr lines it does not print are
 * declared too (traceback frames excepted); the exit status is the same.
 */
export function documentProblems(scenario: Scenario, entry: CatalogEntry): string[] {
  const problems: string[] = [];
  const run = referenceRun(scenario, entry);
  if (run === undefined) return [`catalog.json has no run ${scenario.observed ?? 0}`];
  const where = `recorded run "${run.label}"`;
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
