import { type Print, py, tuple, ValueError } from "@aio/differential";
import { getRunningLoop, repr } from "@aio/loop";
import {
  type CancelledError,
  createTask,
  type Future,
  InvalidStateError,
  isCancelledError,
  run,
  sleep,
} from "@aio/task";

export default async function (print: Print) {
  function* main() {
    const loop = getRunningLoop();
    const f = loop.createFuture<string>() as Future<string>;
    print(String(f), py(f.done()), py(f.cancelled()));
    for (const call of [() => f.result(), () => f.exception()]) {
      try {
        call();
      } catch (e) {
        if (e instanceof InvalidStateError) print("InvalidStateError:", e.message);
      }
    }
    f.setResult("ok");
    print(String(f), py(f.done()), f.result(), repr(f.exception()));
    try {
      f.setResult("again");
    } catch (e) {
      if (e instanceof InvalidStateError) print("InvalidStateError:", e.message);
    }
    print("cancel done future:", py(f.cancel()));
    const g = loop.createFuture() as Future<unknown>;
    g.setException(ValueError);
    print(String(g), repr(g.exception()));
    const h = loop.createFuture() as Future<unknown>;
    print(py(h.cancel("why")), String(h), py(h.cancelled()), py(h.done()));
    try {
      h.result();
    } catch (e) {
      if (isCancelledError(e)) print("CancelledError", tuple((e as CancelledError).args));
    }
    const t = createTask(sleep(0));
    for (const call of [() => t.setResult(undefined), () => t.setException(new ValueError())]) {
      try {
        call();
      } catch (e) {
        print("RuntimeError:", (e as Error).message);
      }
    }
    yield* t;
    print(py(f.getLoop() === loop));
  }
  await run(main(), { clock: "virtual" });
}
