/** Filters, and what has them (loggers and handlers). Python: `logging.Filter`, `logging.Filterer`. */
import { LogRecord } from "./record.js";

/** A record filter: an object with `filter(record)` or a function (Python 3.2+ accepts both). */
export type FilterLike =
  | Filter
  | { filter(record: LogRecord): boolean | LogRecord }
  | ((record: LogRecord) => boolean | LogRecord);

/**
 * Lets through the records of one logger and its children. Python: `logging.Filter(name)`.
 */
export class Filter {
  readonly name: string;
  constructor(name = "") {
    this.name = name;
  }
  /** Whether `record` passes. */
  filter(record: LogRecord): boolean {
    if (this.name === "" || this.name === record.name) return true;
    return record.name.startsWith(`${this.name}.`);
  }
}

/** Filters and the checks of a logger or handler. Python: `logging.Filterer`. */
export class Filterer {
  /** The filters, in order. */
  filters: FilterLike[] = [];
  /** Python: `addFilter(filter)`. */
  addFilter(filter: FilterLike): void {
    if (!this.filters.includes(filter)) this.filters.push(filter);
  }
  /** Python: `removeFilter(filter)`. */
  removeFilter(filter: FilterLike): void {
    const i = this.filters.indexOf(filter);
    if (i >= 0) this.filters.splice(i, 1);
  }
  /** The record if every filter lets it through (a filter may return a replacement), else false. */
  filter(record: LogRecord): LogRecord | false {
    let rec = record;
    for (const f of this.filters) {
      const r = typeof f === "function" ? f(rec) : f.filter(rec);
      if (!r) return false;
      if (r instanceof LogRecord) rec = r;
    }
    return rec;
  }
}
