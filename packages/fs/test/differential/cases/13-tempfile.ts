import { existsSync, readdirSync, rmSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import type { Print } from "@aio/differential";
import { repr } from "@aio/loop";
import { run, using } from "@aio/task";
import { open, tempfile } from "../../../src/index.js";
import { inTempDir } from "../util.js";

const py = (b: boolean) => (b ? "True" : "False");

export default async function (print: Print) {
  function* main() {
    let name = "";
    yield* using(tempfile.NamedTemporaryFile({ dir: ".", prefix: "pre-", suffix: ".txt" }), function* (f) {
      name = String(f.name);
      print(f.mode, py(basename(name).startsWith("pre-")), py(name.endsWith(".txt")), py(existsSync(name)));
      yield* f.write(Buffer.from("scratch"));
      yield* f.seek(0);
      print(repr(yield* f.read()));
      print(`0o${(statSync(name).mode & 0o777).toString(8)}`);
    });
    print("deleted:", py(!existsSync(name)));
    yield* using(tempfile.NamedTemporaryFile({ mode: "w+", dir: ".", delete: false }), function* (f) {
      print(yield* f.write("kept 한"));
      name = String(f.name);
    });
    print("kept:", py(existsSync(name)));
    yield* using(open(name), function* (f) {
      print(repr(yield* f.read()));
    });
    rmSync(name);
    yield* using(tempfile.TemporaryFile({ mode: "w+", dir: "." }), function* (f) {
      print(repr(readdirSync(".")));
      yield* f.write("anonymous\n");
      yield* f.seek(0);
      print(repr(yield* f.readline()));
    });
    yield* using(tempfile.SpooledTemporaryFile({ maxSize: 10, dir: "." }), function* (f) {
      yield* f.write(Buffer.from("12345"));
      print("rolled", py(f.rolled));
      yield* f.write(Buffer.from("67890abc"));
      print("rolled", py(f.rolled));
      yield* f.seek(0);
      print(repr(yield* f.read()));
    });
    let dir = "";
    yield* using(tempfile.TemporaryDirectory({ dir: ".", prefix: "d-" }), function* (d) {
      dir = d;
      print(py(statSync(d).isDirectory()), py(basename(d).startsWith("d-")));
      yield* using(open(join(d, "inner.txt"), "w"), (f) => f.write("x"));
    });
    print("dir removed:", py(!existsSync(dir)));
    print(repr(readdirSync(".")));
  }
  await inTempDir(() => run(main()));
}
