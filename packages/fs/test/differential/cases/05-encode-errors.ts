import type { Print } from "@aio/differential";
import { repr } from "@aio/loop";
import { run, using } from "@aio/task";
import { open, UnicodeEncodeError } from "../../../src/index.js";
import { inTempDir } from "../util.js";

export default async function (print: Print) {
  function* main() {
    const cases: [string, string][] = [
      ["ascii", "ab한국c"],
      ["ascii", "é"],
      ["latin-1", "café 한"],
      ["utf-8", "a\ud800b"],
      ["utf-16", "x\udc00"],
    ];
    for (const [enc, text] of cases) {
      for (const errors of ["strict", "replace", "ignore"]) {
        yield* using(open("e.txt", "w", { encoding: enc, errors }), function* (f) {
          try {
            print(enc, errors, "wrote", yield* f.write(text));
          } catch (e) {
            if (!(e instanceof UnicodeEncodeError)) throw e;
            print(enc, errors, e.name, e, e.start, e.end, e.reason);
          }
        });
        yield* using(open("e.txt", "rb"), function* (f) {
          print("  file", repr(yield* f.read()));
        });
      }
    }
  }
  await inTempDir(() => run(main()));
}
