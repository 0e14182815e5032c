import { type Print, tuple, ValueError } from "@aio/differential";
import { str } from "@aio/loop";
import { type CancelledError, createTask, gather, run, sleep } from "@aio/task";

export default async function (print: Print) {
  function* ok<T>(v: T, d: number) {
    yield* sleep(d);
    return v;
  }
  function* bad(msg: string, d: number): Generator<never, never, unknown> {
    yield* sleep(d) as Generator<never, void, unknown>;
    throw new ValueError(msg);
  }
  function* main() {
    let r: unknown[] = yield* gather(ok(1, 0.1), bad("boom", 0.05), ok(3, 0.2), { returnExceptions: true });
    print(str(r));
    const t = createTask(ok(4, 1));
    t.cancel("stop");
    r = yield* gather(t, ok(5, 0), { returnExceptions: true });
    print(str(r), tuple((r[0] as CancelledError).args));
    const t2 = createTask(ok(6, 1));
    t2.cancel();
    r = yield* gather(t2, { returnExceptions: true });
    print(str(r), tuple((r[0] as CancelledError).args));
  }
  await run(main(), { clock: "virtual" });
}
