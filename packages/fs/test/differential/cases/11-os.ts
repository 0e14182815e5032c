import { mkdirSync, writeFileSync } from "node:fs";
import { type Print, tuple } from "@aio/differential";
import { repr } from "@aio/loop";
import { type Coro, run, using } from "@aio/task";
import { type OSError, open, os } from "../../../src/index.js";
import { inTempDir, pyName } from "../util.js";

export default async function (print: Print) {
  function* attempt(label: string, coro: Coro<unknown>) {
    try {
      const r = yield* coro;
      print(label, "->", repr(r));
    } catch (e) {
      const err = e as OSError;
      print(label, `${pyName(e)}:`, e, err.errno, err.filename, err.filename2);
    }
  }
  function* main() {
    yield* os.makedirs("downloaded_sites", { existOk: true });
    yield* os.makedirs("downloaded_sites", { existOk: true });
    yield* attempt("makedirs again", os.makedirs("downloaded_sites"));
    yield* attempt("mkdir exists", os.mkdir("downloaded_sites"));
    yield* attempt("mkdir missing parent", os.mkdir("a/b"));
    yield* using(open("downloaded_sites/www.python.org.html", "w", { encoding: "UTF8" }), (f) =>
      f.write("<html>파이썬</html>"),
    );
    print(repr(yield* os.listdir("downloaded_sites")));
    print(
      repr(yield* os.path.exists("downloaded_sites")),
      repr(yield* os.path.isdir("downloaded_sites")),
      repr(yield* os.path.isfile("downloaded_sites")),
      repr(yield* os.path.exists("nope")),
    );
    print(yield* os.path.getsize("downloaded_sites/www.python.org.html"));
    print((yield* os.stat("downloaded_sites/www.python.org.html")).size);
    yield* attempt("rename missing", os.rename("a", "b"));
    yield* os.rename("downloaded_sites/www.python.org.html", "moved.html");
    yield* attempt("rmdir empty", os.rmdir("downloaded_sites"));
    mkdirSync("full");
    writeFileSync("full/x", "");
    yield* attempt("rmdir not empty", os.rmdir("full"));
    yield* attempt("remove dir", os.remove("full"));
    yield* attempt("remove missing", os.remove("nope"));
    yield* attempt("stat missing", os.stat("nope"));
    yield* attempt("getsize missing", os.path.getsize("nope"));
    yield* os.symlink("moved.html", "link");
    print(
      yield* os.readlink("link"),
      repr(yield* os.path.islink("link")),
      repr(yield* os.path.samefile("link", "moved.html")),
    );
    yield* attempt("symlink exists", os.symlink("moved.html", "link"));
    yield* attempt("link exists", os.link("moved.html", "link"));
    const entries = (yield* os.scandir("."))
      .map((e) => [e.name, e.isFile(), e.isDir(), e.isSymlink()] as const)
      .sort((a, b) => (a[0] < b[0] ? -1 : 1));
    print(`[${entries.map((e) => tuple(e)).join(", ")}]`);
    print(repr(yield* os.access("moved.html", os.R_OK)), repr(yield* os.access("nope", os.F_OK)));
    yield* os.unlink("link");
    yield* os.renames("moved.html", "deep/er/moved.html");
    print(repr((yield* os.listdir(".")).sort()), repr(yield* os.listdir("deep/er")));
    yield* os.remove("deep/er/moved.html");
    yield* os.removedirs("deep/er");
    print(repr((yield* os.listdir(".")).sort()));
  }
  await inTempDir(() => run(main()));
}
