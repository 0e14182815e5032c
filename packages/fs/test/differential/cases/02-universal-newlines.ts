import { type Print, tuple } from "@aio/differential";
import { repr } from "@aio/loop";
import { anext, run, using } from "@aio/task";
import { open } from "../../../src/index.js";
import { inTempDir } from "../util.js";

const DATA = Buffer.from("a\r\nb\rc\nd\r\r\ne\r", "latin1");

export default async function (print: Print) {
  function* main() {
    yield* using(open("nl.txt", "wb"), (f) => f.write(DATA));
    for (const newline of [null, "", "\n", "\r", "\r\n"]) {
      yield* using(open("nl.txt", "r", { newline }), function* (f) {
        const lines: string[] = [];
        for (let line: string | null; (line = yield* anext(f, null)) !== null; ) lines.push(line);
        const seen = f.newlines;
        print(repr(newline), repr(lines), Array.isArray(seen) ? tuple(seen) : repr(seen));
      });
    }
    yield* using(open("nl.txt"), function* (f) {
      print(repr(yield* f.read(3)), repr(yield* f.read()));
    });
    for (const newline of [null, "", "\n", "\r", "\r\n"]) {
      yield* using(open("w.txt", "w", { newline }), (f) => f.write("x\ny\r\nz\r"));
      yield* using(open("w.txt", "rb"), function* (f) {
        print("wrote", repr(newline), repr(yield* f.read()));
      });
    }
  }
  await inTempDir(() => run(main()));
}
