/**
 * Python: `asyncio.Queue`, `PriorityQueue`, `LifoQueue` (queues.py: CPython 3.12, plus 3.13's
 * `shutdown`).
 */

import { objectAddress, repr, reprSymbol, typeName } from "@aio/loop";
import type { Coro } from "@aio/task";
import { refuseAwait } from "@aio/task/internal";
import { QueueEmpty, QueueFull, QueueShutDown } from "./errors.js";
import { Event } from "./event.js";
import { Deque } from "./internal/deque.js";
import { LoopBound, refuseYieldStar } from "./internal/loop-bound.js";
import { WaiterQueue } from "./internal/waiter-queue.js";

/** Options for a queue. */
export interface QueueOptions {
  /** Upper bound on the number of items; 0 or less means unbounded (the default). */
  maxsize?: number | undefined;
}

/**
 * A first-in first-out queue for tasks. `put()` waits while the queue is full, `get()` while it is
 * empty; waiters are served first come first served, and one cancelled while being woken passes its
 * wakeup on, so no item is ever lost. `taskDone()`/`join()` track unfinished work.
 * Python: `asyncio.Queue(maxsize=0)`.
 * @example
 * const q = new Queue<string>({ maxsize: 100 });
 * yield* q.put("job");
 * const job = yield* q.get();
 * q.taskDone();
 */
export class Queue<T> extends LoopBound {
  private readonly max: number;
  private readonly getters = new WaiterQueue<void>();
  private readonly putters = new WaiterQueue<void>();
  private unfinishedTasks = 0;
  private readonly finished = new Event();
  private isShutdown = false;

  constructor(options: QueueOptions | number = {}) {
    super();
    const maxsize =
      typeof options === "object" && options !== null ? (options.maxsize ?? 0) : (options as unknown);
    if (typeof maxsize !== "number" || Number.isNaN(maxsize)) {
      throw new TypeError(`maxsize must be a number, got ${repr(maxsize)}`);
    }
    this.max = maxsize;
    this.finished.set();
    this.init();
  }

  /** @internal storage hooks, as in Python's Queue subclasses */
  protected init(): void {
    this.fifo = new Deque<T>();
  }
  private fifo: Deque<T> = new Deque<T>();
  /** @internal */
  protected takeItem(): T {
    return this.fifo.shift();
  }
  /** @internal */
  protected putItem(item: T): void {
    this.fifo.push(item);
  }
  /** @internal */
  protected size(): number {
    return this.fifo.length;
  }
  /** @internal the items in order, for repr */
  protected items(): T[] {
    return this.fifo.toArray();
  }

  /** Number of items in the queue. Python: `q.qsize()`. */
  qsize(): number {
    return this.size();
  }

  /** The bound given at construction. Python: `q.maxsize`. */
  get maxsize(): number {
    return this.max;
  }

  /** Whether the queue is empty. Python: `q.empty()`. */
  empty(): boolean {
    return this.size() === 0;
  }

  /** Whether the queue holds `maxsize` items (never, when unbounded). Python: `q.full()`. */
  full(): boolean {
    return this.max > 0 && this.size() >= this.max;
  }

  /** Puts an item, waiting while the queue is full. Python: `await q.put(item)`. */
  *put(item: T): Coro<void> {
    while (this.full()) {
      if (this.isShutdown) throw new QueueShutDown();
      const putter = this.putters.park(this.getLoop());
      try {
        yield* putter;
      } catch (err) {
        putter.cancel(); // in case it is not done yet
        this.putters.delete(putter);
        // Woken but cancelled: pass the free slot on.
        if (!this.full() && !putter.cancelled()) this.putters.shiftNext(undefined);
        throw err;
      }
    }
    this.putNowait(item);
  }

  /** Puts an item at once. @throws QueueFull, QueueShutDown. Python: `q.put_nowait(item)`. */
  putNowait(item: T): void {
    if (this.isShutdown) throw new QueueShutDown();
    if (this.full()) throw new QueueFull();
    this.putItem(item);
    this.unfinishedTasks++;
    this.finished.clear();
    this.getters.shiftNext(undefined);
  }

  /** Takes an item, waiting while the queue is empty. Python: `await q.get()`. */
  *get(): Coro<T> {
    while (this.empty()) {
      if (this.isShutdown) throw new QueueShutDown();
      const getter = this.getters.park(this.getLoop());
      try {
        yield* getter;
      } catch (err) {
        getter.cancel();
        this.getters.delete(getter);
        // Woken but cancelled: pass the item on.
        if (!this.empty() && !getter.cancelled()) this.getters.shiftNext(undefined);
        throw err;
      }
    }
    return this.getNowait();
  }

  /** Takes an item at once. @throws QueueEmpty, QueueShutDown. Python: `q.get_nowait()`. */
  getNowait(): T {
    if (this.empty()) {
      if (this.isShutdown) throw new QueueShutDown();
      throw new QueueEmpty();
    }
    const item = this.takeItem();
    this.putters.shiftNext(undefined);
    return item;
  }

  /**
   * Marks one item got earlier as processed; `join()` returns once every item put is done.
   * Python: `q.task_done()`.
   */
  taskDone(): void {
    if (this.unfinishedTasks <= 0) throw new RangeError("task_done() called too many times");
    this.unfinishedTasks--;
    if (this.unfinishedTasks === 0) this.finished.set();
  }

  /** Waits until every item put has been marked done. Python: `await q.join()`. */
  *join(): Coro<void> {
    if (this.unfinishedTasks > 0) yield* this.finished.wait();
  }

  /**
   * Shuts the queue down: later puts raise `QueueShutDown`, gets raise it once the queue is empty,
   * and blocked getters and putters are woken to find out. With `immediate`, the items are dropped
   * (each counted as done, so `join()` returns). Python 3.13: `q.shutdown(immediate=False)`.
   */
  shutdown(immediate = false): void {
    this.isShutdown = true;
    if (immediate) {
      while (!this.empty()) {
        this.takeItem();
        if (this.unfinishedTasks > 0) this.unfinishedTasks--;
      }
      if (this.unfinishedTasks === 0) this.finished.set();
    }
    this.getters.shiftAll(undefined);
    this.putters.shiftAll(undefined);
  }

  override toString(): string {
    let result = `maxsize=${repr(this.max)}`;
    if (!this.empty()) result += ` _queue=${repr(this.items())}`;
    if (this.getters.size) result += ` _getters[${this.getters.size}]`;
    if (this.putters.size) result += ` _putters[${this.putters.size}]`;
    if (this.unfinishedTasks) result += ` tasks=${this.unfinishedTasks}`;
    if (this.isShutdown) result += " shutdown";
    return `<${this.constructor.name} ${result}>`;
  }

  /** Python's `repr(queue)`: its `str()` with the address, `<Queue at 0x… maxsize=0>`. */
  override [reprSymbol](): string {
    return this.toString().replace(/^<(\S+) /, `<$1 at ${objectAddress(this)} `);
  }
}

/**
 * Python's ordering for priority items: numbers, strings, bigints, and arrays (tuples) compared
 * element by element. Anything else needs a `compare` option.
 */
export function pythonLessThan(a: unknown, b: unknown): boolean {
  const ta = typeof a;
  if ((ta === "number" || ta === "bigint") && (typeof b === "number" || typeof b === "bigint")) {
    return (a as number) < (b as number);
  }
  if (typeof a === "string" && typeof b === "string") return a < b;
  if (Array.isArray(a) && Array.isArray(b)) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      if (pythonLessThan(a[i], b[i])) return true;
      if (pythonLessThan(b[i], a[i])) return false;
    }
    return a.length < b.length;
  }
  throw new TypeError(`'<' not supported between instances of ${itemType(a)} and ${itemType(b)}`);
}

/** The type of a priority item as Python's comparison error names it (arrays are its tuples). */
function itemType(x: unknown): string {
  return `'${Array.isArray(x) ? "tuple" : typeName(x)}'`;
}

/** Options for a PriorityQueue. */
export interface PriorityQueueOptions<T> extends QueueOptions {
  /** `a` comes out before `b`. Default: Python's `<` on numbers, strings and tuples (arrays). */
  lessThan?: ((a: T, b: T) => boolean) | undefined;
}

/**
 * A queue that hands out the smallest item first, e.g. `[priority, data]` tuples.
 * Python: `asyncio.PriorityQueue(maxsize=0)`.
 * @example
 * const q = new PriorityQueue<[number, string]>();
 * q.putNowait([2, "b"]); q.putNowait([1, "a"]);
 * q.getNowait(); // [1, "a"]
 */
export class PriorityQueue<T> extends Queue<T> {
  private heap: T[] = [];
  private readonly less: (a: T, b: T) => boolean;

  constructor(options: PriorityQueueOptions<T> | number = {}) {
    super(options);
    this.less = (typeof options === "object" ? options.lessThan : undefined) ?? pythonLessThan;
  }

  protected override init(): void {
    this.heap = [];
  }
  protected override putItem(item: T): void {
    const h = this.heap;
    h.push(item);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(item, h[p] as T)) break;
      h[i] = h[p] as T;
      i = p;
    }
    h[i] = item;
  }
  protected override takeItem(): T {
    const h = this.heap;
    const top = h[0] as T;
    const last = h.pop() as T;
    if (h.length > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= h.length) break;
        const r = l + 1;
        const c = r < h.length && this.less(h[r] as T, h[l] as T) ? r : l;
        if (!this.less(h[c] as T, last)) break;
        h[i] = h[c] as T;
        i = c;
      }
      h[i] = last;
    }
    return top;
  }
  protected override size(): number {
    return this.heap.length;
  }
  protected override items(): T[] {
    return [...this.heap];
  }
}

/**
 * A queue that hands out the most recently put item first. Python: `asyncio.LifoQueue(maxsize=0)`.
 */
export class LifoQueue<T> extends Queue<T> {
  private stack: T[] = [];

  protected override init(): void {
    this.stack = [];
  }
  protected override putItem(item: T): void {
    this.stack.push(item);
  }
  protected override takeItem(): T {
    return this.stack.pop() as T;
  }
  protected override size(): number {
    return this.stack.length;
  }
  protected override items(): T[] {
    return [...this.stack];
  }
}

// `await` on these coroutines is a mistake that fails loudly (use yield* or toPromise).
refuseAwait(Queue.prototype.put, "Queue.put");
refuseAwait(Queue.prototype.get, "Queue.get");
refuseAwait(Queue.prototype.join, "Queue.join");
refuseYieldStar(Queue);
