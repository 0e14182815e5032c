import { coroutine, Future, sleep } from "@aio/task";
import { defineScenario, out } from "../scenario.js";

export default defineScenario({
  id: "S002-08-future-set-result",
  seed: "002_39fc56cfe5cfa0d9.txt",
  section: "Futures",
  title: "A bare Future completed by another coroutine with setResult",
  kind: "original",
  shows: "A Future represents a result that arrives later: another coroutine sets it after 1 s.",
  document: "Future is done!",
  expected: [out(1, "Future is done!")],
  seconds: 1,
  async main(io) {
    // 이 함수는 future 객체를 받아 1초 후에 값을 설정합니다.
    const setFutureValue = coroutine(function* set_future_value(future: Future<string>) {
      yield* sleep(1);
      future.setResult("Future is done!");
    });
    const main = coroutine(function* main() {
      // future 객체를 생성합니다. Future는 나중에 완료될 작업을 나타냅니다.
      const future = new Future<string>();
      yield* setFutureValue(future);
      io.print(future.result());
    });
    await io.run(main());
  },
});
