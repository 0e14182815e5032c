/**
 * Multi-valued mappings, as aiohttp's `multidict`: `CIMultiDict` (case-insensitive keys, for
 * headers) and `MultiDict` (query parameters). Keys keep their first spelling and values their
 * order; `get` returns the first value, `getAll` every one.
 */
import { repr, typeName } from "@aio/loop";

/** What a multidict can be built from: another, an object, or key/value pairs. */
export type MultiDictInit<V = string> =
  | MultiDict<V>
  | Iterable<readonly [string, V | number | boolean]>
  | Record<string, V | number | boolean | readonly (V | number | boolean)[]>;

/** A value as a string: strings, numbers and booleans only (an object would become "[object Object]"). */
function scalar(value: unknown): string {
  const t = typeof value;
  if (t === "string") return value as string;
  if (t === "number" || t === "bigint" || t === "boolean") return String(value);
  throw new TypeError(
    `a multidict value must be a string or a number, got ${repr(value)} of type ${typeName(value)}`,
  );
}

/** A value as stored: a number or boolean as its string (JavaScript callers may pass one), else itself. */
function asValue<V>(value: V): V {
  const t = typeof value;
  return (t === "number" || t === "bigint" || t === "boolean" ? String(value) : value) as V;
}

/**
 * Keys with several values, in order: strings, unless a `MultiDict<V>` holds others (a form's
 * `post()` gives bytes for a field that is not text). Python: `multidict.MultiDict`.
 * @example
 * const q = new MultiDict([["tag", "a"], ["tag", "b"]]);
 * q.getAll("tag"); // ["a", "b"]
 */
export class MultiDict<V = string> implements Iterable<[string, V]> {
  /** @internal */
  protected items: [string, V][] = [];

  constructor(init?: MultiDictInit<V>) {
    if (init !== undefined) this.extend(init);
  }

  /** The key as compared: itself here, lower-cased in CIMultiDict. @internal */
  protected norm(key: string): string {
    return key;
  }

  /** The first value of `key`, or `dflt`. */
  get(key: string): V | undefined;
  get<D>(key: string, dflt: D): V | D;
  get<D>(key: string, dflt?: D): V | D | undefined {
    const k = this.norm(key);
    for (const [name, value] of this.items) if (this.norm(name) === k) return value;
    return dflt;
  }

  /** Every value of `key`, in order. Python: `getall(key, [])`. */
  getAll(key: string): V[] {
    const k = this.norm(key);
    return this.items.filter(([name]) => this.norm(name) === k).map(([, v]) => v);
  }

  has(key: string): boolean {
    const k = this.norm(key);
    return this.items.some(([name]) => this.norm(name) === k);
  }

  /** Adds a value (keeps the others). */
  add(key: string, value: V): void {
    this.items.push([key, asValue(value)]);
  }

  /** Replaces every value of `key` with `value`. */
  set(key: string, value: V): void {
    const k = this.norm(key);
    const at = this.items.findIndex(([name]) => this.norm(name) === k);
    if (at === -1) {
      this.items.push([key, asValue(value)]);
      return;
    }
    (this.items[at] as [string, V])[1] = asValue(value);
    this.items = this.items.filter(([name], i) => i <= at || this.norm(name) !== k);
  }

  /** Sets `key` unless it is there. Python: `setdefault`. */
  setDefault(key: string, value: V): V {
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
  extend(init: MultiDictInit<V>): void {
    if (init instanceof MultiDict) {
      for (const [k, v] of init as MultiDict<V>) this.add(k, v);
      return;
    }
    if (init !== null && typeof (init as Iterable<unknown>)[Symbol.iterator] === "function") {
      for (const pair of init as Iterable<readonly [string, unknown]>) {
        if (!Array.isArray(pair) || pair.length !== 2) {
          throw new TypeError(`a multidict is built from (key, value) pairs, got ${repr(pair)}`);
        }
        this.add(String(pair[0]), scalar(pair[1]) as V);
      }
      return;
    }
    if (init === null || typeof init !== "object") {
      throw new TypeError(`a multidict is built from a mapping or (key, value) pairs, got ${repr(init)}`);
    }
    for (const [k, v] of Object.entries(init as Record<string, unknown>)) {
      if (Array.isArray(v)) for (const item of v) this.add(k, scalar(item) as V);
      else this.add(k, scalar(v) as V);
    }
  }

  get size(): number {
    return this.items.length;
  }

  keys(): string[] {
    return this.items.map(([k]) => k);
  }

  values(): V[] {
    return this.items.map(([, v]) => v);
  }

  entries(): [string, V][] {
    return this.items.map(([k, v]) => [k, v]);
  }

  [Symbol.iterator](): Iterator<[string, V]> {
    return this.entries()[Symbol.iterator]();
  }

  /** A copy. */
  copy(): this {
    const out = new (this.constructor as new () => this)();
    out.items = this.entries();
    return out;
  }

  /** As an object: the first value of each key (for `JSON.stringify`, logs). */
  toJSON(): Record<string, V> {
    const out: Record<string, V> = {};
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
