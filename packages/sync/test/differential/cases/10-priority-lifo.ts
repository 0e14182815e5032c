import type { Print } from "@aio/differential";
import { LifoQueue, PriorityQueue } from "@aio/sync";
import { run } from "@aio/task";

export default async function (print: Print) {
  function* main() {
    const pq = new PriorityQueue<[number, string]>();
    for (const item of [
      [3, "c"],
      [1, "a"],
      [2, "b"],
      [1, "aa"],
      [0, "z"],
    ] as [number, string][]) {
      pq.putNowait(item);
    }
    const out: [number, string][] = [];
    for (let n = pq.qsize(); n > 0; n--) out.push(pq.getNowait());
    print(
      out
        .map((t) => `(${t[0]}, '${t[1]}')`)
        .join(", ")
        .replace(/^/, "[")
        .replace(/$/, "]"),
    );
    const lq = new LifoQueue<number>();
    for (let i = 0; i < 4; i++) yield* lq.put(i);
    const got: number[] = [];
    for (let i = 0; i < 4; i++) got.push(yield* lq.get());
    print(got);
    pq.putNowait([1, "x"]);
    try {
      pq.putNowait({} as never);
    } catch (e) {
      if (e instanceof TypeError) print("TypeError:", e.message);
    }
  }
  await run(main(), { clock: "virtual" });
}
