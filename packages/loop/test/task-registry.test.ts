import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type RegisteredTask, TaskRegistry } from "../src/internal/task-registry.js";

type Fake = RegisteredTask & { id: number };
function fakeTask(id: number): Fake {
  return { id, _prevTask: null, _nextTask: null } as unknown as Fake;
}
const ids = (r: TaskRegistry) => [...r].map((t) => (t as unknown as { id: number }).id);

describe("TaskRegistry (the loop's pending tasks)", () => {
  it("keeps creation order, unlinks from the middle and the ends, and ignores repeats", () => {
    const r = new TaskRegistry();
    const t = [0, 1, 2, 3, 4].map(fakeTask);
    for (const x of t) r.add(x);
    r.add(t[2] as Fake);
    expect(ids(r)).toEqual([0, 1, 2, 3, 4]);
    expect(r.delete(t[2] as Fake)).toBe(true);
    expect(r.delete(t[2] as Fake)).toBe(false);
    expect(r.delete(t[0] as Fake)).toBe(true);
    expect(r.delete(t[4] as Fake)).toBe(true);
    expect(ids(r)).toEqual([1, 3]);
    expect(r.size).toBe(2);
    expect(r.has(t[1] as Fake)).toBe(true);
    expect(r.has(t[0] as Fake)).toBe(false);
    r.add(t[0] as Fake);
    expect(ids(r)).toEqual([1, 3, 0]);
    r.clear();
    expect(ids(r)).toEqual([]);
    expect(r.size).toBe(0);
    expect((t[1] as Fake)._nextTask).toBeNull();
  });

  it("iterates a snapshot: tasks may finish while a caller walks it", () => {
    const r = new TaskRegistry();
    const t = [0, 1, 2, 3].map(fakeTask);
    for (const x of t) r.add(x);
    const seen: number[] = [];
    for (const x of r) {
      seen.push((x as unknown as { id: number }).id);
      r.delete(t[seen.length % 4] as Fake);
    }
    expect(seen).toEqual([0, 1, 2, 3]);
  });

  it("behaves as an insertion-ordered Set under any sequence of adds and deletes", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 9 })), { maxLength: 60 }),
        (ops) => {
          const r = new TaskRegistry();
          const model = new Set<number>();
          const tasks = Array.from({ length: 10 }, (_, i) => fakeTask(i));
          for (const [add, i] of ops) {
            if (add) {
              r.add(tasks[i] as Fake);
              model.add(i);
            } else {
              expect(r.delete(tasks[i] as Fake)).toBe(model.delete(i));
            }
            expect(ids(r)).toEqual([...model]);
            expect(r.size).toBe(model.size);
          }
        },
      ),
      { seed: 7 },
    );
  });
});
