import type { Print } from "@aio/differential";
import { repr } from "@aio/loop";
import { run, using } from "@aio/task";
import { open } from "../../../src/index.js";
import { inTempDir } from "../util.js";

const DATA = `안녕하세요, 세계!\n파이썬 — asyncio 😀\r\n끝\r\n마지막\n${"x".repeat(9000)}\n한글\n`;

export default async function (print: Print) {
  function* main() {
    yield* using(open("t.txt", "w", { newline: "" }), (f) => f.write(DATA));
    yield* using(open("t.txt"), function* (f) {
      const marks: [number, string][] = [];
      for (;;) {
        const at = yield* f.tell();
        const line = yield* f.readline();
        if (line === "") break;
        marks.push([at, line]);
      }
      print(repr(marks.map(([at]) => at)), yield* f.tell());
      for (const [at, line] of marks.reverse()) {
        yield* f.seek(at);
        if ((yield* f.readline()) !== line) throw new Error(`seek(${at})`);
      }
      print("seek back ok");
      yield* f.seek(0);
      print(repr(yield* f.read(3)), yield* f.tell());
      print(yield* f.seek(0, 1), yield* f.seek(0, 2), repr(yield* f.read()));
      yield* f.seek(4);
      try {
        print(repr(yield* f.read(2)));
      } catch (e) {
        print("mid-character:", e);
      }
      yield* f.seek(3);
      print(repr(yield* f.read(2)));
    });
    yield* using(open("t.txt", "r+"), function* (f) {
      yield* f.readline();
      print("truncate", yield* f.truncate(yield* f.tell()), yield* f.tell());
    });
    yield* using(open("t.txt", "rb"), function* (f) {
      print(repr(yield* f.read()));
    });
  }
  await inTempDir(() => run(main()));
}
