import type { Print } from "@aio/differential";
import { repr } from "@aio/loop";
import { run, using } from "@aio/task";
import { open, UnicodeDecodeError } from "../../../src/index.js";
import { inTempDir } from "../util.js";

const CASES = [
  Buffer.from([0xff]),
  Buffer.from([0x6f, 0x6b, 0xe2, 0x82]),
  Buffer.from([0xe2, 0x82, 0x61]),
  Buffer.from([0xed, 0xa0, 0x80]),
  Buffer.from([0xf4, 0x90, 0x80, 0x80]),
  Buffer.from([0xc0, 0xaf]),
  Buffer.from([0x61, 0x62, 0x63, 0xea, 0xb0]),
  Buffer.concat([Buffer.alloc(8190, "x"), Buffer.from([0xea, 0xb0, 0x80, 0xff])]),
];

export default async function (print: Print) {
  function* main() {
    for (const [i, data] of CASES.entries()) {
      yield* using(open("bad.txt", "wb"), (f) => f.write(data));
      for (const errors of ["strict", "replace", "ignore"]) {
        yield* using(open("bad.txt", "r", { errors }), function* (f) {
          try {
            const text = yield* f.read();
            print(i, errors, repr(text.slice(-12)), [...text].length);
          } catch (e) {
            if (!(e instanceof UnicodeDecodeError)) throw e;
            print(i, errors, e.name, e, e.start, e.end, e.reason);
          }
        });
      }
      yield* using(open("bad.txt", "r", { encoding: "ascii", errors: "replace" }), function* (f) {
        print(i, "ascii", repr((yield* f.read()).slice(-6)));
      });
    }
    yield* using(open("bad.txt", "wb"), (f) =>
      f.write(Buffer.concat([Buffer.from("한".repeat(3000)), Buffer.from([0xff])])),
    );
    yield* using(open("bad.txt"), function* (f) {
      print(repr(yield* f.read(2)));
      try {
        yield* f.read();
      } catch (e) {
        print("rest:", e);
      }
    });
    yield* using(open("bad.txt"), function* (f) {
      try {
        while ((yield* f.readline()) !== "");
      } catch (e) {
        print("lines:", e);
      }
    });
  }
  await inTempDir(() => run(main()));
}
