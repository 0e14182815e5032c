import type { Print } from "@aio/differential";
import { repr } from "@aio/loop";
import { run, using } from "@aio/task";
import { open } from "../../../src/index.js";
import { inTempDir } from "../util.js";

export default async function (print: Print) {
  function* main() {
    const bytes = Buffer.alloc(256 * 300);
    for (let i = 0; i < bytes.length; i++) bytes[i] = i % 256;
    const data = Buffer.concat([bytes, Buffer.from("\nlast line\nend")]);
    yield* using(open("b.bin", "wb"), function* (f) {
      print(
        yield* f.write(data.subarray(0, 1000)),
        yield* f.write(new DataView(data.buffer, data.byteOffset + 1000, data.length - 1000)),
        yield* f.tell(),
      );
    });
    yield* using(open("b.bin", "rb"), function* (f) {
      print((yield* f.read(70000)).length, yield* f.tell());
      print((yield* f.read1(100)).length <= 100 ? "True" : "False");
      print(
        yield* f.seek(-14, 2),
        repr(yield* f.readline()),
        repr(yield* f.readline()),
        repr(yield* f.readline()),
      );
      print(yield* f.seek(10), repr(yield* f.read(3)), yield* f.seek(5, 1), repr(yield* f.read(2)));
      print(yield* f.seek(100, 2), repr(yield* f.read()), yield* f.tell());
      const buf = new Uint8Array(4);
      yield* f.seek(65);
      print(yield* f.readinto(buf), repr(Buffer.from(buf)));
      yield* f.seek(0);
      print((yield* f.readlines()).length, repr(yield* f.readline()));
      yield* f.seek(76790);
      print(repr(yield* f.readlines(3)));
      yield* f.seek(0);
      print((yield* f.read()).length);
    });
    yield* using(open("b.bin", "r+b"), function* (f) {
      print(yield* f.truncate(10), yield* f.tell());
      yield* f.seek(0, 2);
      print(yield* f.tell(), yield* f.truncate(20));
    });
    yield* using(open("b.bin", "rb"), function* (f) {
      print(repr(yield* f.read()));
    });
  }
  await inTempDir(() => run(main()));
}
