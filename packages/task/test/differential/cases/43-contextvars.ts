import type { Print } from "@aio/differential";
import { ContextVar, copyContext, getRunningLoop } from "@aio/loop";
import { gather, Runner, sleep } from "@aio/task";

export default async function (print: Print) {
  const requestId = new ContextVar<string>("request_id", { default: "-" });
  function* handler(rid: string, d: number) {
    requestId.set(rid);
    yield* sleep(d);
    print("handler", rid, "sees", requestId.get());
  }
  function* main() {
    print("main sees", requestId.get());
    requestId.set("main");
    yield* gather(handler("r1", 0.2), handler("r2", 0.1));
    print("main still sees", requestId.get());
    const loop = getRunningLoop();
    const ctx = copyContext();
    ctx.run(() => requestId.set("in ctx"));
    loop.callSoonWithContext(ctx, () => print("callback sees", requestId.get()));
    loop.callSoon(() => print("plain callback sees", requestId.get()));
    yield* sleep(0);
  }
  const runner = new Runner({ clock: "virtual" });
  await runner.run(main());
  await runner.run(sleep(0));
  function* show() {
    print("second run sees", requestId.get());
  }
  await runner.run(show());
  await runner.close();
  print("outside sees", requestId.get());
}
