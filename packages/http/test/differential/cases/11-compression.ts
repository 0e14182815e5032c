import type { Print } from "@aio/differential";
import { repr } from "@aio/loop";
import { run, using } from "@aio/task";
import { ClientSession } from "../../../src/index.js";
import { fixtureUrl } from "../util.js";

export default async function (print: Print) {
  const URL = fixtureUrl();
  function* main() {
    yield* using(new ClientSession(), function* (session) {
      for (const path of ["/gzip", "/deflate", "/text"]) {
        yield* using(session.get(URL + path), function* (resp) {
          const text = yield* resp.text();
          print(
            path,
            resp.status,
            resp.headers.get("Content-Encoding") ?? "None",
            [...text].length,
            repr(text.split("\n")[0]),
          );
        });
      }
      yield* using(session.get(`${URL}/gzip`), function* (resp) {
        const first = yield* resp.content.readline();
        const rest = yield* resp.content.read();
        print(repr(first.toString()), rest.length);
      });
    });
    yield* using(new ClientSession({ autoDecompress: false }), function* (session) {
      yield* using(session.get(`${URL}/gzip`), function* (resp) {
        const raw = yield* resp.read();
        const same = raw.length === Number(resp.headers.get("Content-Length"));
        print(
          "raw",
          resp.headers.get("Content-Encoding"),
          raw.subarray(0, 2).toString("hex"),
          same ? "True" : "False",
        );
      });
    });
  }
  await run(main());
}
