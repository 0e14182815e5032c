import { type Print, py, ValueError } from "@aio/differential";
import { repr } from "@aio/loop";
import { createTask, run, sleep } from "@aio/task";

class RuntimeError extends Error {
  override name = "RuntimeError";
  readonly args = [this.message];
}

export default async function (print: Print) {
  function* level3(): Generator<undefined, never, unknown> {
    yield* sleep(0.1) as Generator<undefined, void, unknown>;
    throw new ValueError("deep");
  }
  function* level2() {
    try {
      return yield* level3();
    } finally {
      print("level2 finally");
    }
  }
  function* level1() {
    try {
      yield* level2();
    } catch (e) {
      if (!(e instanceof ValueError)) throw e;
      print("level1 caught", repr(e));
      throw new RuntimeError("wrapped", { cause: e });
    }
  }
  function* main() {
    const t = createTask(level1());
    try {
      yield* t;
    } catch (e) {
      if (e instanceof RuntimeError) print("main caught", e.message, "cause:", repr(e.cause));
    }
    print(py(t.done()), repr(t.exception()));
  }
  await run(main(), { clock: "virtual" });
}
