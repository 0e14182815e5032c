import { type Print, py, tuple } from "@aio/differential";
import { type CancelledError, gather, isCancelledError, run, sleep } from "@aio/task";

export default async function (print: Print) {
  function* child(name: string) {
    try {
      yield* sleep(1);
    } catch (e) {
      if (isCancelledError(e)) print(name, "cancelled");
      throw e;
    }
  }
  function* main() {
    const g = gather(child("a"), child("b"));
    yield* sleep(0.1);
    print("cancel returns", py(g.cancel("bye")));
    print("cancelled() right after:", py(g.cancelled()));
    try {
      yield* g;
    } catch (e) {
      print("await raised CancelledError", tuple((e as CancelledError).args));
    }
    print("outer.cancelled():", py(g.cancelled()), "done:", py(g.done()));
    print("cancel again:", py(g.cancel()));
  }
  await run(main(), { clock: "virtual" });
}
