/**
 * Compares what a scenario printed with what it must print: line by line per stream, each line's
 * text against its pattern, and each line's time against the expected offset.
 */
import type { Line } from "./io.js";
import type { ExpectedLine, Pattern, Scenario, Slot } from "./scenario.js";

/** Tolerances for line times, in seconds (the catalogue's convention for a shared 2-core machine: see the README). */
export const TOLERANCE = {
  virtual: { early: 0.001, late: 0.001, total: 0.001 },
  real: { early: 0.05, late: 0.35, total: 0.5 },
};

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

const SLOT_RE: Record<Slot["kind"], string> = {
  clock: "(\\d{2}:\\d{2}:\\d{2})",
  ctime: "([A-Z][a-z]{2} [A-Z][a-z]{2} [ \\d]\\d \\d{2}:\\d{2}:\\d{2} \\d{4})",
  float: "(-?\\d+(?:\\.\\d+)?(?:e-?\\d+)?)",
  hex: "(0x[0-9a-f]+)",
  set: "(\\[.*\\])",
  path: "([^\\s>]+:\\d+)",
  file: '([^\\s">]+)',
};

function toPattern(text: string | Pattern): Pattern {
  return typeof text === "string" ? { parts: [text], slots: [] } : text;
}

/** The expected text of a line as a person reads it, slots shown as `<kind>`. */
export function describe(text: string | Pattern): string {
  const p = toPattern(text);
  return p.parts
    .map((part, i) => (i < p.slots.length ? `${part}<${(p.slots[i] as Slot).kind}>` : part))
    .join("");
}

function secondsOfDay(clockText: string): number {
  const m = /(\d{2}):(\d{2}):(\d{2})/.exec(clockText);
  if (!m) return Number.NaN;
  return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
}

function pythonStrings(list: string): string[] | null {
  if (!list.startsWith("[") || !list.endsWith("]")) return null;
  return [...list.matchAll(/'((?:[^'\\]|\\.)*)'/g)].map((m) => m[1] as string);
}

interface ClockReading {
  at: number;
  seconds: number;
  line: number;
}

/** The outcome of a comparison. */
export interface Comparison {
  ok: boolean;
  problems: string[];
}

/**
 * Compares printed lines with a scenario's expectations.
 * @param virtual whether the run was on the virtual clock (tighter tolerances)
 * @param checkTimes whether line times, wall-clock gaps and the total are checked (default true);
 *   without, only the text and the order of the lines and the exit status are
 */
export function compare(
  scenario: Scenario,
  lines: Line[],
  exitCode: number,
  total: number,
  virtual: boolean,
  checkTimes = true,
): Comparison {
  const tol = checkTimes
    ? virtual
      ? TOLERANCE.virtual
      : TOLERANCE.real
    : { early: Number.POSITIVE_INFINITY, late: Number.POSITIVE_INFINITY, total: Number.POSITIVE_INFINITY };
  const problems: string[] = [];
  const clocks: ClockReading[] = [];

  for (const stream of ["out", "err"] as const) {
    const expected = scenario.expected.filter((e) => e.stream === stream);
    const actual = lines.filter((l) => l.stream === stream);
    let j = 0;
    for (let i = 0; i < expected.length; i++) {
      const e = expected[i] as ExpectedLine;
      const a = actual[j];
      if (a === undefined) {
        if (!e.optional) problems.push(`${stream} line ${j + 1}: missing, expected "${describe(e.text)}"`);
        continue;
      }
      const why = matchLine(e, a, tol, virtual, clocks, j + 1);
      if (why === null) {
        j++;
        continue;
      }
      if (e.optional) continue;
      problems.push(`${stream} line ${j + 1}: ${why}`);
      j++;
    }
    for (; j < actual.length; j++)
      problems.push(`${stream} line ${j + 1}: unexpected "${(actual[j] as Line).text}"`);
  }

  // Wall-clock times: as offsets from the first one printed; whole-second truncation may add one.
  const first = checkTimes ? clocks[0] : undefined;
  if (first) {
    for (const c of clocks.slice(1)) {
      const printed = c.seconds - first.seconds;
      const wanted = c.at - first.at;
      if (!(printed >= Math.floor(wanted + 1e-9) && printed <= Math.ceil(wanted - 1e-9) + 1)) {
        problems.push(
          `line ${c.line}: wall-clock time is +${printed} s after the first one, expected +${wanted} s`,
        );
      }
    }
  }

  const wantExit = scenario.exitCode ?? 0;
  if (exitCode !== wantExit) problems.push(`exit status ${exitCode}, expected ${wantExit}`);
  if (total < scenario.seconds - tol.early || total > scenario.seconds + tol.total) {
    problems.push(`took ${total.toFixed(3)} s, expected ${scenario.seconds} s`);
  }
  return { ok: problems.length === 0, problems };
}

/** The regular expression a line pattern compiles to (slots become capture groups). */
export function patternRegExp(text: string | Pattern): RegExp {
  const p = toPattern(text);
  return new RegExp(
    `^${p.parts.map((part, i) => escapeRegExp(part) + (i < p.slots.length ? SLOT_RE[(p.slots[i] as Slot).kind] : "")).join("")}$`,
  );
}

function matchLine(
  e: ExpectedLine,
  a: Line,
  tol: { early: number; late: number },
  virtual: boolean,
  clocks: ClockReading[],
  lineNo: number,
): string | null {
  const p = toPattern(e.text);
  const m = patternRegExp(p).exec(a.text);
  if (!m) return `expected "${describe(e.text)}", got "${a.text}"`;
  const readings: ClockReading[] = [];
  for (let k = 0; k < p.slots.length; k++) {
    const slot = p.slots[k] as Slot;
    const value = m[k + 1] as string;
    if (slot.kind === "float") {
      const v = Number(value);
      // Without time checks a printed duration is still never shorter than the sleeps behind it.
      const hi = Number.isFinite(tol.late)
        ? slot.value + (virtual ? 0.011 : (slot.tolerance ?? 0.5))
        : Number.POSITIVE_INFINITY;
      const lo = slot.value - (virtual ? 0.011 : 0.05);
      if (!(v >= lo && v <= hi)) return `printed ${value}, expected about ${slot.value} in "${a.text}"`;
    } else if (slot.kind === "set") {
      const got = pythonStrings(value);
      if (got === null || [...got].sort().join("\u0000") !== [...slot.items].sort().join("\u0000")) {
        return `expected the set {${slot.items.join(", ")}} in any order, got ${value}`;
      }
    } else if (slot.kind === "clock" || slot.kind === "ctime") {
      readings.push({ at: e.at, seconds: secondsOfDay(value), line: lineNo });
    }
  }
  const dt = a.at - e.at;
  if (dt < -tol.early || dt > tol.late) {
    return `"${a.text}" printed at +${a.at.toFixed(3)} s, expected +${e.at} s`;
  }
  clocks.push(...readings);
  return null;
}
