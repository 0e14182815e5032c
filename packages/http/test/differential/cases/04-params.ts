import type { Print } from "@aio/differential";
import { repr } from "@aio/loop";
import { run, using } from "@aio/task";
import { ClientSession, type MultiDictInit } from "../../../src/index.js";
import { fixtureUrl } from "../util.js";

export default async function (print: Print) {
  const URL = fixtureUrl();
  const tuples = (pairs: [string, string][]) =>
    `[${pairs.map(([a, b]) => `[${repr(a)}, ${repr(b)}]`).join(", ")}]`;
  function* main() {
    yield* using(new ClientSession({ baseUrl: URL }), function* (session) {
      const all: MultiDictInit[] = [
        { q: "한 글", n: "1" },
        [
          ["k", "a"],
          ["k", "b"],
        ],
        { sym: "a&b=c/d?" },
      ];
      for (const params of all) {
        yield* using(session.get("/echo", { params }), function* (resp) {
          print(tuples(((yield* resp.json()) as { query: [string, string][] }).query));
        });
      }
      yield* using(session.get("/echo?x=1", { params: { y: "2" } }), function* (resp) {
        print(tuples(((yield* resp.json()) as { query: [string, string][] }).query));
      });
    });
  }
  await run(main());
}
