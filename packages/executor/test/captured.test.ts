import { describe, expect, it } from "vitest";
import { capturedVariables, freeVariables } from "../src/captured.js";

describe("the variables a job's source uses from outside", () => {
  it("parses the source: declarations, parameters, patterns, labels and property names are not free", () => {
    const source = `function job(a, { b = outerDefault, ...rest } = {}, [c] = []) {
      const d = a + b + c;
      let { e } = rest;
      class K { field = d; static s = e; method() { return this.field + K.s; } }
      label: for (const [k, v] of Object.entries(rest)) { if (k) continue label; void v; }
      try { throw d; } catch (err) { void err; }
      const obj = { d, key: e, [computed]: 1 };
      function inner() { return arguments.length + hoisted; }
      var hoisted = obj.key;
      return new K().method() + inner() + Math.max(d, e) + outerUse;
    }`;
    expect([...(freeVariables(source) ?? [])].sort()).toEqual([
      "Math",
      "Object",
      "computed",
      "outerDefault",
      "outerUse",
    ]);
    expect(freeVariables("this is not javascript")).toBeNull();
  });

  it("without an inspector, a used name that is not a global counts as captured", () => {
    const rate = 0.2;
    const performance = { now: () => 0 };
    const job = (n: number) => n * rate + performance.now() + Math.PI;
    const source = job.toString();
    expect(capturedVariables(job, source, new Set(), false)).toEqual(["rate"]);
    // V8's scopes tell the shadowed global apart.
    expect(capturedVariables(job, source, new Set())).toEqual(["rate", "performance"]);
    expect(capturedVariables(job, source, new Set(["rate"]))).toEqual(["performance"]);
  });
});
