import type { Print } from "@aio/differential";
import { repr } from "@aio/loop";
import { type Coro, run, using } from "@aio/task";
import { type BinaryFile, open, type TextFile } from "../../../src/index.js";
import { inTempDir, pyName } from "../util.js";

export default async function (print: Print) {
  function* attempt(label: string, coro: Coro<unknown>) {
    try {
      const r = yield* coro;
      print(label, "->", repr(r));
    } catch (e) {
      print(label, `${pyName(e)}:`, e);
    }
  }
  function* main() {
    yield* using(open("f.txt", "w"), (f) => f.write("line\n"));
    const f: TextFile = yield* open("f.txt");
    yield* attempt("text write on r", f.write("x"));
    yield* attempt("text writelines on r", f.writelines(["x"]));
    yield* attempt("text truncate on r", f.truncate());
    yield* attempt("seek(1, 1)", f.seek(1, 1));
    yield* attempt("seek(-1, 2)", f.seek(-1, 2));
    yield* attempt("seek(-1)", f.seek(-1));
    yield* attempt("seek(0, 3)", f.seek(0, 3));
    yield* attempt("read('x')", f.read("x" as never));
    yield* attempt("read(1.5)", f.read(1.5));
    yield* attempt("readline(1.5)", f.readline(1.5));
    yield* f.close();
    yield* attempt("closed read", f.read());
    yield* attempt("closed readline", f.readline());
    yield* attempt("closed tell", f.tell());
    yield* attempt("closed close", f.close());
    const w: TextFile = yield* open("f.txt", "a");
    yield* attempt("read on a", w.read());
    yield* attempt("readline on a", w.readline());
    yield* attempt("write bytes", w.write(Buffer.from("x") as never));
    yield* attempt("write int", w.write(3 as never));
    yield* attempt("truncate(-1)", w.truncate(-1));
    yield* w.close();
    yield* attempt("closed write", w.write("x"));
    const b: BinaryFile = yield* open("f.txt", "rb");
    yield* attempt("binary write on rb", b.write(Buffer.from("x")));
    yield* attempt("binary truncate on rb", b.truncate());
    yield* attempt("binary seek(-1)", b.seek(-1));
    yield* attempt("binary seek(0, 5)", b.seek(0, 5));
    yield* attempt("binary read1('x')", b.read1("x" as never));
    yield* b.close();
    yield* attempt("closed binary read", b.read());
    yield* attempt("closed binary readline", b.readline());
    yield* attempt("closed binary seek", b.seek(0));
    yield* attempt("closed binary tell", b.tell());
    const wb: BinaryFile = yield* open("f.bin", "wb");
    yield* attempt("binary read on wb", wb.read());
    yield* attempt("binary read1 on wb", wb.read1());
    yield* attempt("binary write str", wb.write("s" as never));
    yield* wb.close();
    yield* attempt("closed binary write", wb.write(Buffer.from("x")));
  }
  await inTempDir(() => run(main()));
}
