const CHUNK = 2048;

/** A fixed block of the queue; blocks are linked head to tail. */
class Block<T> {
  readonly items: (T | undefined)[] = new Array(CHUNK);
  read = 0;
  write = 0;
  next: Block<T> | null = null;
}

/**
 * The loop's ready queue: a FIFO of fixed 2,048-slot blocks linked together. O(1) push and shift
 * with no per-item allocation (unlike `Array.prototype.shift`), and growing never copies: a burst
 * of a million callbacks links new blocks instead of doubling and copying one huge array (which
 * also lands in V8's large-object space). One emptied block is kept for reuse, so a queue that
 * stays small lives in a single block forever.
 */
export class Ring<T> {
  private head: Block<T> = new Block();
  private tail: Block<T> = this.head;
  private spare: Block<T> | null = null;
  private count = 0;

  get length(): number {
    return this.count;
  }

  push(item: T): void {
    let tail = this.tail;
    if (tail.write === CHUNK) {
      const block = this.spare ?? new Block<T>();
      this.spare = null;
      tail.next = block;
      this.tail = tail = block;
    }
    tail.items[tail.write++] = item;
    this.count++;
  }

  shift(): T | undefined {
    if (this.count === 0) return undefined;
    let head = this.head;
    if (head.read === CHUNK) {
      // This block is used up, and the queue is not empty: the next block holds the head.
      const next = head.next as Block<T>;
      head.read = 0;
      head.write = 0;
      head.next = null;
      this.spare = head;
      this.head = head = next;
    }
    const item = head.items[head.read] as T;
    head.items[head.read++] = undefined;
    if (--this.count === 0) {
      // Empty: start again at the front of this block.
      head.read = 0;
      head.write = 0;
    }
    return item;
  }

  clear(): void {
    for (let b: Block<T> | null = this.head; b !== null; b = b.next) b.items.fill(undefined);
    this.head.next = null;
    this.head.read = 0;
    this.head.write = 0;
    this.tail = this.head;
    this.count = 0;
  }

  /** Reorders the first `n` items with `shuffle` (used by the seeded scheduler in testing mode). */
  permuteFront(n: number, shuffle: (items: T[]) => void): void {
    const front: T[] = [];
    this.visitFront(n, (block, i) => {
      front.push(block.items[i] as T);
    });
    shuffle(front);
    let k = 0;
    this.visitFront(n, (block, i) => {
      block.items[i] = front[k++];
    });
  }

  private visitFront(n: number, visit: (block: Block<T>, index: number) => void): void {
    let left = Math.min(n, this.count);
    for (let b: Block<T> | null = this.head; b !== null && left > 0; b = b.next) {
      for (let i = b.read; i < b.write && left > 0; i++, left--) visit(b, i);
    }
  }
}
