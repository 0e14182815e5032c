/**
 * Binary min-heap of timers ordered by deadline, then by scheduling sequence, so that timers with
 * equal deadlines fire in the order they were scheduled (a deliberate difference from CPython's
 * heapq, which breaks ties arbitrarily).
 *
 * The keys live in typed arrays beside the entries: sifting compares contiguous numbers instead of
 * reading two fields of timer objects scattered over the heap (with 100,000 timers, that pointer
 * chasing was most of the cost of a pop), and entries are not written while they move.
 */
export interface HeapEntry {
  _when: number;
  _seq: number;
  /** @internal whether the entry is in a heap (set on push, cleared on pop, filter and clear) */
  _inHeap: boolean;
}

export class TimerHeap<T extends HeapEntry> {
  private items: (T | undefined)[] = [];
  private whens = new Float64Array(64);
  private seqs = new Float64Array(64);
  private n = 0;

  get length(): number {
    return this.n;
  }

  peek(): T | undefined {
    return this.n > 0 ? this.items[0] : undefined;
  }

  push(item: T): void {
    if (this.n === this.whens.length) this.grow();
    const items = this.items;
    const whens = this.whens;
    const seqs = this.seqs;
    const when = item._when;
    const seq = item._seq;
    let i = this.n++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pw = whens[parent] as number;
      if (pw < when || (pw === when && (seqs[parent] as number) < seq)) break;
      items[i] = items[parent];
      whens[i] = pw;
      seqs[i] = seqs[parent] as number;
      i = parent;
    }
    items[i] = item;
    whens[i] = when;
    seqs[i] = seq;
    item._inHeap = true;
  }

  pop(): T | undefined {
    if (this.n === 0) return undefined;
    const items = this.items;
    const top = items[0] as T;
    const last = --this.n;
    if (last > 0) this.siftDown(items[last] as T, this.whens[last] as number, this.seqs[last] as number, 0);
    items[last] = undefined;
    top._inHeap = false;
    return top;
  }

  /** Removes every entry for which `drop` is true, then restores the heap property. */
  filter(drop: (item: T) => boolean): void {
    const items = this.items;
    let kept = 0;
    for (let i = 0; i < this.n; i++) {
      const item = items[i] as T;
      if (drop(item)) {
        item._inHeap = false;
      } else {
        items[kept] = item;
        this.whens[kept] = item._when;
        this.seqs[kept] = item._seq;
        kept++;
      }
    }
    for (let i = kept; i < this.n; i++) items[i] = undefined;
    this.n = kept;
    for (let i = (kept >> 1) - 1; i >= 0; i--) {
      this.siftDown(items[i] as T, this.whens[i] as number, this.seqs[i] as number, i);
    }
  }

  clear(): void {
    for (let i = 0; i < this.n; i++) (this.items[i] as T)._inHeap = false;
    this.items = [];
    this.n = 0;
  }

  /** Places `item` (keys `when`, `seq`) at `start` or below, moving smaller children up. */
  private siftDown(item: T, when: number, seq: number, start: number): void {
    const items = this.items;
    const whens = this.whens;
    const seqs = this.seqs;
    const n = this.n;
    let i = start;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      let cw = whens[child] as number;
      let cs = seqs[child] as number;
      const right = child + 1;
      if (right < n) {
        const rw = whens[right] as number;
        const rs = seqs[right] as number;
        if (rw < cw || (rw === cw && rs < cs)) {
          child = right;
          cw = rw;
          cs = rs;
        }
      }
      if (when < cw || (when === cw && seq < cs)) break;
      items[i] = items[child];
      whens[i] = cw;
      seqs[i] = cs;
      i = child;
    }
    items[i] = item;
    whens[i] = when;
    seqs[i] = seq;
  }

  private grow(): void {
    const cap = this.whens.length * 2;
    const whens = new Float64Array(cap);
    whens.set(this.whens);
    const seqs = new Float64Array(cap);
    seqs.set(this.seqs);
    this.whens = whens;
    this.seqs = seqs;
  }
}
