import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Ring } from "../src/internal/ring.js";

describe("Ring (the loop's ready queue)", () => {
  it("is a FIFO under any mix of pushes, shifts, reorders and clears, across many blocks", () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant("push" as const), count: fc.integer({ min: 1, max: 5000 }) }),
      fc.record({ kind: fc.constant("shift" as const), count: fc.integer({ min: 1, max: 5000 }) }),
      fc.record({ kind: fc.constant("permute" as const), count: fc.integer({ min: 0, max: 3000 }) }),
      fc.record({ kind: fc.constant("clear" as const) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 25 }), (ops) => {
        const ring = new Ring<number>();
        let model: number[] = [];
        let next = 0;
        for (const o of ops) {
          if (o.kind === "push") {
            for (let k = 0; k < o.count; k++) {
              ring.push(next);
              model.push(next++);
            }
          } else if (o.kind === "shift") {
            for (let k = 0; k < o.count; k++) expect(ring.shift()).toBe(model.shift());
          } else if (o.kind === "permute") {
            // Reverse the first `count` items, as the seeded scheduler permutes them.
            ring.permuteFront(o.count, (items) => items.reverse());
            const n = Math.min(o.count, model.length);
            model = [...model.slice(0, n).reverse(), ...model.slice(n)];
          } else {
            ring.clear();
            model = [];
          }
          expect(ring.length).toBe(model.length);
        }
        const rest: number[] = [];
        while (ring.length > 0) rest.push(ring.shift() as number);
        expect(rest).toEqual(model);
        expect(ring.shift()).toBeUndefined();
      }),
      { seed: 5, numRuns: 60 },
    );
  });
});
