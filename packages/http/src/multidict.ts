/**
 * Multi-valued mappings, as aiohttp's `multidict`: `CIMultiDict` (case-insensitive keys, for
 * headers) and `MultiDict` (query parameters). Keys keep their first spelling and values their
 * order; `get` returns the first value, `getAll` every one.
 */
import { repr, typeName } from "@aio/loop";

/** What a multidict can be built from: another, an object, or key/value pairs. */
export type MultiDictInit =
  | MultiDict
  | Iterable<readonly [string, string]>
  | Record<string, string | number | boolean | readonly (string | number | boolean)[]>;

/** A value as a string: strings, numbers and booleans only (an object would become "[object Object]"). */
function scalar(value: unknown): string {
  const t = typeof value;
  if (t === "string") return value as string;
  if (t === "number" || t === "bigint" || t === "boolean") return String(value);
  throw new TypeError(
    `a multidict value must be a string or a number, got ${repr(value)} of type ${typeName(value)}`,
  );
}

/**
 * Keys with several values, in order. Python: `multidict.MultiDict`.
 * @example
 * const q = new MultiDict([["tag", "a"], ["tag", "b"]]);
 * q.getAll("tag"); // ["a", "b"]
 */
export class MultiDict implements Iterable<[string, string]> {
  /** @internal */
  protected items: [string, string][] = [];

  constructor(init?: MultiDictInit) {
    if (init !== undefined) this.extend(init);
  }

  /** The key as compared: itself here, lower-cased in CIMultiDict. @internal */
  protected norm(key: string): string {
    return key;
  }

  /** The first value of `key`, or `dflt`. */
  get(key: string): string | undefined;
  get<D>(key: string, dflt: D): string | D;
  get<D>(key: string, dflt?: D): string | D | undefined {
    const k = this.norm(key);
    for (const [name, value] of this.items) if (this.norm(name) === k) return value;
    return dflt;
  }

  /** Every value of `key`, in order. Python: `getall(key, [])`. */
  getAll(key: string): string[] {
    const k = this.norm(key);
    return this.items.filter(([name]) => this.norm(name) === k).map(([, v]) => v);
  }

  has(key: string): boolean {
    const k = this.norm(key);
    return this.items.some(([name]) => this.norm(name) === k);
  }

  /** Adds a value (keeps the others). */
  add(key: string, value: string): void {
    this.items.push([key, String(value)]);
  }

  /** Replaces every value of `key` with `value`. */
  set(key: string, value: string): void {
    const k = this.norm(key);
    const at = this.items.findIndex(([name]) => this.norm(name) === k);
    if (at === -1) {
      this.items.push([key, String(value)]);
      return;
    }
    (this.items[at] as [string, string])[1] = String(value);
    this.items = this.items.filter(([name], i) => i <= at || this.norm(name) !== k);
  }

  /** Sets `key` unless it is there. Python: `setdefault`. */
  setDefault(key: string, value: string): string {
    const have = this.get(key);
    if (have !== undefined) return have;
    this.add(key, value);
    return value;
  }

  /** Removes every value of `key`; returns whether there was one. */
  delete(key: string): boolean {
    const k = this.norm(key);
    const before = this.items.length;
    this.items = this.items.filter(([name]) => this.norm(name) !== k);
    return this.items.length !== before;
  }

  /** Adds every pair of `init`. */
  extend(init: MultiDictInit): void {
    if (init instanceof MultiDict) {
      for (const [k, v] of init) this.add(k, v);
      return;
    }
    if (init !== null && typeof (init as Iterable<unknown>)[Symbol.iterator] === "function") {
      for (const pair of init as Iterable<readonly [string, string]>) {
        if (!Array.isArray(pair) || pair.length !== 2) {
          throw new TypeError(`a multidict is built from (key, value) pairs, got ${repr(pair)}`);
        }
        this.add(String(pair[0]), scalar(pair[1]));
      }
      return;
    }
    if (init === null || typeof init !== "object") {
      throw new TypeError(`a multidict is built from a mapping or (key, value) pairs, got ${repr(init)}`);
    }
    for (const [k, v] of Object.entries(init as Record<string, unknown>)) {
      if (Array.isArray(v)) for (const item of v) this.add(k, scalar(item));
      else this.add(k, scalar(v));
    }
  }

  get size(): number {
    return this.items.length;
  }

  keys(): string[] {
    return this.items.map(([k]) => k);
  }

  values(): string[] {
    return this.items.map(([, v]) => v);
  }

  entries(): [string, string][] {
    return this.items.map(([k, v]) => [k, v]);
  }

  [Symbol.iterator](): Iterator<[string, string]> {
    return this.entries()[Symbol.iterator]();
  }

  /** A copy. */
  copy(): this {
    const out = new (this.constructor as new () => this)();
    out.items = this.entries();
    return out;
  }

  /** As an object: the first value of each key (for `JSON.stringify`, logs). */
  toJSON(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of this.items) if (!(k in out)) out[k] = v;
    return out;
  }

  /** Python's repr: `<CIMultiDict('Content-Type': 'text/html')>`. */
  toString(): string {
    return `<${this.constructor.name}(${this.items.map(([k, v]) => `${repr(k)}: ${repr(v)}`).join(", ")})>`;
  }
}

/**
 * A multidict whose keys compare case-insensitively (HTTP headers). Python: `multidict.CIMultiDict`.
 * @example
 * resp.headers.get("content-type") === resp.headers.get("Content-Type")
 */
export class CIMultiDict extends MultiDict {
  protected override norm(key: string): string {
    return key.toLowerCase();
  }
}
