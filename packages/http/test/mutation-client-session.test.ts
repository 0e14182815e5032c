/**
 * What the mutation run of src/session.ts (lines 236–280: header checks and query parameters)
 * found untested: numbers and bigints as parameter values, a list of values for one key, pairs
 * with numbers, a MultiDict as it is. aiohttp 3.8.4 (Debian's python3) was asked with the same
 * parameters against a server that echoes the query string.
 */
import { using } from "@aio/task";
import { describe, expect, it } from "vitest";
import { ClientSession, MultiDict } from "../src/index.js";
import { httpServer, inLoop } from "./servers.js";

/** The query string a server saw for a GET with each of `params`. */
async function queries(params: unknown[]): Promise<string[]> {
  const { url } = await httpServer((req, res) => res.end((req.url ?? "").split("?")[1] ?? ""));
  return inLoop(function* () {
    return yield* using(new ClientSession(), function* (s) {
      const out: string[] = [];
      for (const p of params) {
        const r = yield* s.get(`${url}/`, { params: p as never });
        out.push(yield* r.text());
      }
      return out;
    });
  });
}

describe("ClientSession: query parameters (aiohttp 3.8.4's answers)", () => {
  it("numbers, bigints, lists of values, pairs with numbers, a MultiDict", async () => {
    expect(
      await queries([
        { a: 1, b: 1.5, c: -2 },
        { a: [1, "x", 2.5] },
        [
          ["a", 1],
          ["b", "2"],
        ],
        new MultiDict([
          ["a", "1"],
          ["a", "2"],
        ]),
        { a: 10n ** 20n },
        { a: 1e21 },
        { a: 0.1 },
      ]),
    ).toEqual([
      "a=1&b=1.5&c=-2",
      "a=1&a=x&a=2.5",
      "a=1&b=2",
      "a=1&a=2",
      "a=100000000000000000000",
      "a=1e%2B21",
      "a=0.1",
    ]);
  });

  it("an infinite or NaN number is refused (aiohttp 3.8.4: ValueError \"float('inf') is not supported\"; ours the TypeError of other values)", async () => {
    for (const v of [Number.POSITIVE_INFINITY, Number.NaN])
      await expect(queries([{ a: v }])).rejects.toThrow(
        /^Invalid variable type: value should be str, int or float/,
      );
  });

  it("null params: the library's TypeError (aiohttp's None is no params: undefined here, which the type allows; null is not)", async () => {
    await expect(queries([null])).rejects.toThrow(
      new TypeError("params must be a mapping or (key, value) pairs, got None"),
    );
  });
});
