/**
 * Python's formatting, for scenarios that print what Python prints.
 */
export { repr, str } from "@aio/loop";

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const pad = (n: number) => String(n).padStart(2, "0");

/** `datetime.strftime('%H:%M:%S')`. */
export function hms(d: Date): string {
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** `time.ctime(seconds)`: `Sun Nov 22 02:06:46 2026`. */
export function ctime(seconds: number): string {
  const d = new Date(seconds * 1000);
  return `${DAYS[d.getDay()]} ${MONTHS[d.getMonth()]} ${String(d.getDate()).padStart(2, " ")} ${hms(d)} ${d.getFullYear()}`;
}

/** Python's `str(float)`: `15.0`, `7.012758255004883`. */
export function pyFloat(x: number): string {
  return Number.isInteger(x) ? x.toFixed(1) : String(x);
}

/** Python's `str(bool)`. */
export function pyBool(b: boolean): string {
  return b ? "True" : "False";
}

/** Python's `ValueError`, raised by the documents' programs (the library raises `RangeError`). */
export class ValueError extends Error {
  override name = "ValueError";
  readonly args: unknown[];
  constructor(...args: unknown[]) {
    super(args.length ? String(args[0]) : "");
    this.args = args;
  }
}
