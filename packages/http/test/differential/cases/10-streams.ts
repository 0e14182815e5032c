import type { Print } from "@aio/differential";
import { repr } from "@aio/loop";
import { anext, run, using } from "@aio/task";
import { ClientSession, IncompleteReadError } from "../../../src/index.js";
import { fixtureUrl } from "../util.js";

export default async function (print: Print) {
  const URL = fixtureUrl();
  function* main() {
    yield* using(new ClientSession(), function* (s) {
      yield* using(s.get(`${URL}/lines`), function* (resp) {
        const c = resp.content;
        print(repr(yield* c.read(5)), repr(yield* c.readline()), repr(yield* c.readexactly(6)));
        print(repr(yield* c.readline()), repr(yield* c.read()), c.atEof() ? "True" : "False");
      });
      yield* using(s.get(`${URL}/lines`), function* (resp) {
        const lines: Buffer[] = [];
        for (let l: Buffer | null; (l = yield* anext(resp.content, null)) !== null; ) lines.push(l);
        print(repr(lines));
      });
      yield* using(s.get(`${URL}/bytes/1000`), function* (resp) {
        const sizes: number[] = [];
        const it = resp.content.iterChunked(300);
        for (let c: Buffer | null; (c = yield* anext(it, null)) !== null; ) sizes.push(c.length);
        print(repr(sizes));
      });
      yield* using(s.get(`${URL}/bytes/10`), function* (resp) {
        try {
          yield* resp.content.readexactly(20);
        } catch (e) {
          if (!(e instanceof IncompleteReadError)) throw e;
          print(e.name, e.message, e.partial.length, e.expected);
        }
      });
      yield* using(s.get(`${URL}/lines`), function* (resp) {
        let total = 0;
        const it = resp.content.iterAny();
        for (let c: Buffer | null; (c = yield* anext(it, null)) !== null; ) total += c.length;
        print(total);
      });
    });
  }
  await run(main());
}
