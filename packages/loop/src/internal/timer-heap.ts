/**
 * Binary min-heap of timers ordered by deadline, then by scheduling sequence, so that timers with
 * equal deadlines fire in the order they were scheduled (DESIGN §4: a deliberate difference from
 * CPython's heapq, which breaks ties arbitrarily).
 */
export interface HeapEntry {
  _when: number;
  _seq: number;
  _heapIndex: number;
}

function less(a: HeapEntry, b: HeapEntry): boolean {
  return a._when < b._when || (a._when === b._when && a._seq < b._seq);
}

export class TimerHeap<T extends HeapEntry> {
  private items: T[] = [];

  get length(): number {
    return this.items.length;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  push(item: T): void {
    const items = this.items;
    items.push(item);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = items[parent] as T;
      if (!less(item, p)) break;
      items[i] = p;
      p._heapIndex = i;
      i = parent;
    }
    items[i] = item;
    item._heapIndex = i;
  }

  pop(): T | undefined {
    const items = this.items;
    const top = items[0];
    if (top === undefined) return undefined;
    const last = items.pop() as T;
    if (items.length > 0) this.siftDown(last, 0);
    top._heapIndex = -1;
    return top;
  }

  /** Removes every entry for which `drop` is true, then restores the heap property. */
  filter(drop: (item: T) => boolean): void {
    const kept = this.items.filter((item) => {
      if (drop(item)) {
        item._heapIndex = -1;
        return false;
      }
      return true;
    });
    this.items = kept;
    for (let i = 0; i < kept.length; i++) (kept[i] as T)._heapIndex = i;
    for (let i = (kept.length >> 1) - 1; i >= 0; i--) this.siftDown(kept[i] as T, i);
  }

  clear(): void {
    for (const item of this.items) item._heapIndex = -1;
    this.items = [];
  }

  private siftDown(item: T, start: number): void {
    const items = this.items;
    const n = items.length;
    let i = start;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      let child = left;
      if (right < n && less(items[right] as T, items[left] as T)) child = right;
      const c = items[child] as T;
      if (!less(c, item)) break;
      items[i] = c;
      c._heapIndex = i;
      i = child;
    }
    items[i] = item;
    item._heapIndex = i;
  }
}
