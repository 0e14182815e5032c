import type { Print } from "@aio/differential";
import { repr } from "@aio/loop";
import { run, using } from "@aio/task";
import { open } from "../../../src/index.js";
import { inTempDir } from "../util.js";

const TEXT = `${"😀a한\n".repeat(3)}끝`;

export default async function (print: Print) {
  function* main() {
    yield* using(open("s.txt", "w"), (f) => f.write(TEXT));
    for (const size of [0, 1, 2, 3, 5, 100, -1, null]) {
      yield* using(open("s.txt"), function* (f) {
        print(size, repr(yield* f.read(size)), repr(yield* f.readline(size ?? -1)), yield* f.tell());
      });
    }
    yield* using(open("s.txt"), function* (f) {
      print(repr(yield* f.readlines(5)));
      print(repr(yield* f.readlines(0)));
    });
    yield* using(open("s.txt", "rb"), function* (f) {
      print(
        repr(yield* f.read(5)),
        repr(yield* f.readline(3)),
        repr(yield* f.read1(2)),
        (yield* f.peek(1)).length > 0 ? "True" : "False",
      );
    });
    yield* using(open("e.txt", "w"), function* () {});
    yield* using(open("e.txt"), function* (f) {
      print(
        repr(yield* f.read(1)),
        repr(yield* f.readline()),
        repr(yield* f.readlines()),
        repr(yield* f.read()),
      );
    });
  }
  await inTempDir(() => run(main()));
}
