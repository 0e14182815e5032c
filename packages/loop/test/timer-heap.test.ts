import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type HeapEntry, TimerHeap } from "../src/internal/timer-heap.js";

type Entry = HeapEntry & { id: number };
const byDeadline = (a: Entry, b: Entry) => a._when - b._when || a._seq - b._seq;

describe("TimerHeap (the loop's scheduled timers)", () => {
  it("pops by deadline, equal deadlines in scheduling order, under any mix of push, pop and filter", () => {
    const op = fc.oneof(
      fc.record({
        kind: fc.constant("push" as const),
        when: fc.integer({ min: 0, max: 20 }),
        count: fc.integer({ min: 1, max: 40 }),
      }),
      fc.record({ kind: fc.constant("pop" as const), count: fc.integer({ min: 1, max: 30 }) }),
      fc.record({ kind: fc.constant("filter" as const), modulo: fc.integer({ min: 2, max: 5 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const heap = new TimerHeap<Entry>();
        let model: Entry[] = [];
        let seq = 0;
        for (const o of ops) {
          if (o.kind === "push") {
            for (let k = 0; k < o.count; k++) {
              const e: Entry = { id: seq, _when: o.when + (k % 3) / 4, _seq: seq++, _inHeap: false };
              heap.push(e);
              model.push(e);
              expect(e._inHeap).toBe(true);
            }
          } else if (o.kind === "pop") {
            model.sort(byDeadline);
            for (let k = 0; k < o.count; k++) {
              expect(heap.peek()).toBe(model[0]);
              const e = heap.pop();
              expect(e).toBe(model.shift());
              if (e) expect(e._inHeap).toBe(false);
            }
          } else {
            const drop = (e: Entry) => e.id % o.modulo === 0;
            heap.filter(drop);
            for (const e of model) if (drop(e)) expect(e._inHeap).toBe(false);
            model = model.filter((e) => !drop(e));
          }
          expect(heap.length).toBe(model.length);
        }
        model.sort(byDeadline);
        const rest: Entry[] = [];
        for (let e = heap.pop(); e !== undefined; e = heap.pop()) rest.push(e);
        expect(rest).toEqual(model);
      }),
      { seed: 11, numRuns: 200 },
    );
  });

  it("clear() empties the heap and marks every entry as out of it", () => {
    const heap = new TimerHeap<Entry>();
    const entries = Array.from(
      { length: 100 },
      (_, i): Entry => ({ id: i, _when: 100 - i, _seq: i, _inHeap: false }),
    );
    for (const e of entries) heap.push(e);
    expect(heap.peek()).toBe(entries[99]);
    heap.clear();
    expect(heap.length).toBe(0);
    expect(heap.peek()).toBeUndefined();
    expect(entries.every((e) => !e._inHeap)).toBe(true);
  });
});
