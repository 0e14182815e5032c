import { type Print, py, tuple } from "@aio/differential";
import { type CancelledError, createTask, run } from "@aio/task";

export default async function (print: Print) {
  function* body() {
    print("body ran");
  }
  function* main() {
    const t = createTask(body());
    t.cancel("first");
    t.cancel("second");
    try {
      yield* t;
    } catch (e) {
      print("cancelled with", tuple((e as CancelledError).args), py(t.cancelled()), t.cancelling());
    }
    print(py(t.cancel()));
  }
  await run(main(), { clock: "virtual" });
}
