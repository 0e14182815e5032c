import type { Print } from "@aio/differential";
import { repr } from "@aio/loop";
import { anext, run, StopAsyncIteration, using } from "@aio/task";
import { open } from "../../../src/index.js";
import { inTempDir } from "../util.js";

export default async function (print: Print) {
  function* main() {
    yield* using(open("lines.txt", "w"), (f) =>
      f.writelines([...Array.from({ length: 5 }, (_, i) => `line ${i}\n`), "no newline"]),
    );
    yield* using(open("lines.txt"), function* (f) {
      for (let line: string | null; (line = yield* anext(f, null)) !== null; ) print(repr(line));
    });
    yield* using(open("lines.txt", "rb"), function* (f) {
      let count = 0;
      for (let line: Buffer | null; (line = yield* anext(f, null)) !== null; ) count += line.length;
      print("bytes", count);
    });
    yield* using(open("lines.txt"), function* (f) {
      print(repr(yield* anext(f)), repr(yield* anext(f)));
      print(repr(yield* f.readline()));
      const rest: string[] = [];
      for (let line: string | null; (line = yield* anext(f, null)) !== null; ) rest.push(line);
      print(rest.length, repr(rest.at(-1)));
      print(repr(yield* anext(f, "default")));
      try {
        yield* anext(f);
      } catch (e) {
        if (e instanceof StopAsyncIteration) print("StopAsyncIteration");
      }
    });
  }
  await inTempDir(() => run(main()));
}
