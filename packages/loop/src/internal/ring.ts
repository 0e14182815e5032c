/**
 * A growable ring buffer used as the loop's ready queue: O(1) push and shift with no per-item
 * allocation, unlike `Array.prototype.shift`, which is O(n) once arrays leave V8's fast path.
 */
export class Ring<T> {
  private items: (T | undefined)[];
  private head = 0;
  private count = 0;
  private mask: number;

  constructor(capacity = 1024) {
    let cap = 16;
    while (cap < capacity) cap <<= 1;
    this.items = new Array(cap);
    this.mask = cap - 1;
  }

  get length(): number {
    return this.count;
  }

  push(item: T): void {
    if (this.count > this.mask) this.grow();
    this.items[(this.head + this.count) & this.mask] = item;
    this.count++;
  }

  shift(): T | undefined {
    if (this.count === 0) return undefined;
    const item = this.items[this.head];
    this.items[this.head] = undefined;
    this.head = (this.head + 1) & this.mask;
    this.count--;
    return item;
  }

  clear(): void {
    this.items.fill(undefined);
    this.head = 0;
    this.count = 0;
  }

  /** Reorders the first `n` items with `shuffle` (used by the seeded scheduler in testing mode). */
  permuteFront(n: number, shuffle: (items: T[]) => void): void {
    const front: T[] = [];
    for (let i = 0; i < n; i++) front.push(this.items[(this.head + i) & this.mask] as T);
    shuffle(front);
    for (let i = 0; i < n; i++) this.items[(this.head + i) & this.mask] = front[i];
  }

  private grow(): void {
    const old = this.items;
    const cap = old.length * 2;
    const next: (T | undefined)[] = new Array(cap);
    for (let i = 0; i < this.count; i++) next[i] = old[(this.head + i) & this.mask];
    this.items = next;
    this.head = 0;
    this.mask = cap - 1;
  }
}
