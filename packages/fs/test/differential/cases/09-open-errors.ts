import { mkdirSync } from "node:fs";
import type { Print } from "@aio/differential";
import { run, using } from "@aio/task";
import { open } from "../../../src/index.js";
import { inTempDir, pyName } from "../util.js";

export default async function (print: Print) {
  function* attempt(file: string, mode = "r", options: Record<string, unknown> = {}) {
    try {
      yield* using(open(file, mode, options), function* (f) {
        print("opened", f.mode);
      });
    } catch (e) {
      print(`${pyName(e)}:`, e);
    }
  }
  function* main() {
    mkdirSync("dir");
    yield* using(open("exists.txt", "w"), (f) => f.write("x"));
    yield* attempt("nope.txt");
    yield* attempt("no/such/dir.txt", "w");
    yield* attempt("dir");
    yield* attempt("dir", "w");
    yield* attempt("exists.txt", "x");
    yield* attempt("it's.txt");
    yield* attempt("");
    for (const mode of ["q", "rr", "rw", "b", "rbt", "U", "rU", "+", "wa", "xr"])
      yield* attempt("exists.txt", mode);
    yield* attempt("exists.txt", "rb", { encoding: "utf-8" });
    yield* attempt("exists.txt", "rb", { errors: "strict" });
    yield* attempt("exists.txt", "rb", { newline: "" });
    yield* attempt("exists.txt", "r", { newline: "x" });
    yield* attempt("exists.txt", "r", { buffering: 0 });
    yield* attempt("exists.txt", "r", { encoding: "nope" });
    yield* attempt("exists.txt", 3 as never);
  }
  await inTempDir(() => run(main()));
}
