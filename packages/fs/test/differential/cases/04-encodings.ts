import type { Print } from "@aio/differential";
import { repr } from "@aio/loop";
import { run, using } from "@aio/task";
import { open } from "../../../src/index.js";
import { inTempDir } from "../util.js";

const TEXT = "가a\n😀é\r\n";

export default async function (print: Print) {
  function* main() {
    for (const enc of ["utf-8", "UTF8", "utf-8-sig", "utf-16", "utf-16-le", "UTF-16BE", "latin-1", "ascii"]) {
      const text = enc === "ascii" ? "a\nb\r\n" : enc === "latin-1" ? "a\né\r\n" : TEXT;
      yield* using(open("e.txt", "w", { encoding: enc }), function* (f) {
        print(enc, "wrote", yield* f.write(text), f.encoding);
      });
      yield* using(open("e.txt", "rb"), function* (f) {
        print(" bytes", repr(yield* f.read()));
      });
      yield* using(open("e.txt", "r", { encoding: enc }), function* (f) {
        const first = yield* f.readline();
        const at = yield* f.tell();
        const rest = yield* f.read();
        print(" read", repr(first), at, repr(rest));
      });
    }
    yield* using(open("bom.txt", "wb"), (f) => f.write(Buffer.from([0xef, 0xbb, 0xbf, 0x68, 0x69])));
    yield* using(open("bom.txt", "r", { encoding: "utf-8" }), function* (f) {
      print(repr(yield* f.read()));
    });
    yield* using(open("bom.txt", "r", { encoding: "utf-8-sig" }), function* (f) {
      print(repr(yield* f.read()));
    });
    yield* using(open("be.txt", "wb"), (f) => f.write(Buffer.from([0xfe, 0xff, 0x00, 0x68, 0x00, 0x69])));
    yield* using(open("be.txt", "r", { encoding: "utf-16" }), function* (f) {
      print(repr(yield* f.read()));
    });
  }
  await inTempDir(() => run(main()));
}
