import type { Print } from "@aio/differential";
import { repr } from "@aio/loop";
import { type Coro, run, using } from "@aio/task";
import { open } from "../../../src/index.js";
import { inTempDir } from "../util.js";

export default async function (print: Print) {
  function* show(name: string): Coro<void> {
    yield* using(open(name, "rb"), function* (f) {
      print("  file:", repr(yield* f.read()));
    });
  }
  function* main() {
    yield* using(open("m.txt", "w"), (f) => f.write("12345\n"));
    yield* using(open("m.txt", "a"), function* (f) {
      print("a tell", yield* f.tell());
      yield* f.write("678\n");
      print("a tell after", yield* f.tell());
    });
    yield* show("m.txt");
    yield* using(open("m.txt", "a+"), function* (f) {
      yield* f.seek(0);
      print("a+ read", repr(yield* f.read(3)));
      yield* f.write("Z");
      print("a+ tell", yield* f.tell());
    });
    yield* show("m.txt");
    yield* using(open("m.txt", "r+"), function* (f) {
      yield* f.write("ab");
      print("r+ tell", yield* f.tell());
      print("r+ rest", repr(yield* f.read()));
    });
    yield* show("m.txt");
    yield* using(open("m.txt", "w+"), function* (f) {
      print("w+ empty", repr(yield* f.read()));
      yield* f.write("new\ntext");
      yield* f.seek(0);
      print("w+", repr(yield* f.readlines()));
    });
    yield* using(open("n.txt", "x"), (f) => f.write("created"));
    yield* show("n.txt");
    yield* using(open("b.bin", "wb"), function* (f) {
      print("wb", yield* f.write(Buffer.from("\x00\x01binary", "latin1")));
    });
    yield* using(open("b.bin", "r+b"), function* (f) {
      yield* f.seek(2);
      yield* f.write(Buffer.from("B"));
      yield* f.seek(0, 2);
      yield* f.write(Buffer.from("!"));
    });
    yield* show("b.bin");
    yield* using(open("b.bin", "ab"), (f) => f.write(Buffer.from("?")));
    yield* show("b.bin");
  }
  await inTempDir(() => run(main()));
}
