import type { Print } from "@aio/differential";
import { repr } from "@aio/loop";
import { run, using } from "@aio/task";
import { ClientSession } from "../../../src/index.js";
import { fixtureUrl } from "../util.js";

export default async function (print: Print) {
  const URL = fixtureUrl();
  const short = (u: string) => u.replace(URL, "<fixture>");
  const py = (b: boolean) => (b ? "True" : "False");
  function* main() {
    yield* using(new ClientSession(), function* (session) {
      for (const path of [
        "/text",
        "/text?charset=utf-8",
        "/latin1",
        "/nocharset",
        "/reason",
        "/status/404",
        "/status/500",
      ]) {
        yield* using(session.get(URL + path), function* (resp) {
          const text = yield* resp.text();
          print(
            resp.status,
            repr(resp.reason),
            py(resp.ok),
            resp.contentType,
            resp.charset ?? "None",
            repr(text),
            short(resp.url),
          );
        });
      }
      yield* using(session.get(`${URL}/text`), function* (resp) {
        print(repr(yield* resp.read()));
        print((yield* resp.text()).length);
      });
      const resp = yield* session.get(`${URL}/bytes/10`);
      print(resp.status, repr(yield* resp.read()));
      resp.release();
    });
  }
  await run(main());
}
