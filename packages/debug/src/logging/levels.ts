/** Levels: the numbers and their names. Python: `logging.DEBUG`…, `getLevelName`, `addLevelName`. */
import { repr } from "@aio/loop";

/** Python: `logging.CRITICAL`. */
export const CRITICAL = 50;
/** Python: `logging.FATAL` (= CRITICAL). */
export const FATAL = CRITICAL;
/** Python: `logging.ERROR`. */
export const ERROR = 40;
/** Python: `logging.WARNING`. */
export const WARNING = 30;
/** Python: `logging.WARN` (= WARNING). */
export const WARN = WARNING;
/** Python: `logging.INFO`. */
export const INFO = 20;
/** Python: `logging.DEBUG`. */
export const DEBUG = 10;
/** Python: `logging.NOTSET`. */
export const NOTSET = 0;

const levelToName = new Map<number, string>([
  [CRITICAL, "CRITICAL"],
  [ERROR, "ERROR"],
  [WARNING, "WARNING"],
  [INFO, "INFO"],
  [DEBUG, "DEBUG"],
  [NOTSET, "NOTSET"],
]);
const nameToLevel = new Map<string, number>([
  ["CRITICAL", CRITICAL],
  ["FATAL", FATAL],
  ["ERROR", ERROR],
  ["WARN", WARNING],
  ["WARNING", WARNING],
  ["INFO", INFO],
  ["DEBUG", DEBUG],
  ["NOTSET", NOTSET],
]);

/** A level: its number, or its name (`"DEBUG"`). */
export type Level = number | string;

/**
 * The name of a level, or the level of a name; `Level N` for unknown numbers. Python:
 * `logging.getLevelName(level)`.
 */
export function getLevelName(level: Level): string | number {
  if (typeof level === "number") return levelToName.get(level) ?? `Level ${level}`;
  return nameToLevel.get(level) ?? `Level ${level}`;
}

/** Names a level. Python: `logging.addLevelName(level, name)`. */
export function addLevelName(level: number, name: string): void {
  levelToName.set(level, name);
  nameToLevel.set(name, level);
}

/** Every level name and its number. Python 3.11: `logging.getLevelNamesMapping()`. */
export function getLevelNamesMapping(): Record<string, number> {
  return Object.fromEntries(nameToLevel);
}

/** A level's number; Python's errors for an unknown name or a value of the wrong type. */
export function checkLevel(level: unknown): number {
  if (typeof level === "number" && Number.isInteger(level)) return level;
  if (typeof level === "string") {
    const n = nameToLevel.get(level);
    if (n === undefined) throw new RangeError(`Unknown level: ${repr(level)}`);
    return n;
  }
  throw new TypeError(`Level not an integer or a valid string: ${repr(level)}`);
}
