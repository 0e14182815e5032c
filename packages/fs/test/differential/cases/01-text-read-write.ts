import type { Print } from "@aio/differential";
import { repr } from "@aio/loop";
import { run, using } from "@aio/task";
import { open } from "../../../src/index.js";
import { inTempDir } from "../util.js";

export default async function (print: Print) {
  function* main() {
    yield* using(open("input.txt", "w"), function* (f) {
      print("write returns", yield* f.write("Hello, World!\nThis is a test file."));
      print("and", yield* f.write("\n안녕 😀\n"));
      print("tell", yield* f.tell());
    });
    const f = yield* using(open("input.txt"), function* (f) {
      print(repr(yield* f.read(5)), yield* f.tell());
      print(repr(yield* f.readline()), yield* f.tell());
      print(repr(yield* f.readlines()));
      print(repr(yield* f.read()), repr(yield* f.readline()));
      print(f.name, f.mode, f.encoding, f.closed);
      return f;
    });
    print("closed", f.closed);
    const content = yield* using(open("input.txt", "r"), (f) => f.read());
    yield* using(open("output.txt", "w"), (f) => f.write(content.toUpperCase()));
    yield* using(open("output.txt", "rb"), function* (f) {
      print(repr(yield* f.read()));
    });
  }
  await inTempDir(() => run(main()));
}
