import { type Print, ValueError } from "@aio/differential";
import { getRunningLoop, repr, str } from "@aio/loop";
import { createTask, type Future, gather, run, sleep } from "@aio/task";

export default async function (print: Print) {
  function* value(v: string) {
    yield* sleep(0);
    print("value", v);
    return v;
  }
  function* main() {
    const loop = getRunningLoop();
    const c = value("c");
    const f = loop.createFuture<string>() as Future<string>;
    const d = loop.createFuture<string>() as Future<string>;
    d.setResult("d");
    loop.callLater(0.1, (v: string) => f.setResult(v), "f");
    const t = createTask(value("t"));
    print(str(yield* gather(c, f, d, t, c, f, d, t, f)));
    const e = loop.createFuture() as Future<string>;
    e.setException(new ValueError("e"));
    const g = loop.createFuture() as Future<string>;
    loop.callSoon(() => g.cancel());
    print(str(yield* gather(e, g, e, g, { returnExceptions: true })));
    const h = loop.createFuture<string>() as Future<string>;
    loop.callLater(0.1, (v: string) => h.setResult(v), "h");
    const many = [...Array(1000).fill(h), ...Array(1000).fill(d)] as Future<string>[];
    const r = yield* gather(...many);
    print(r.length, r[0], r.at(-1), new Set(r).size);
    try {
      yield* gather(e, h, e);
    } catch (exc) {
      print("raised", repr(exc));
    }
  }
  await run(main(), { clock: "virtual" });
}
