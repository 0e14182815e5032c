import type { Print } from "@aio/differential";
import { repr } from "@aio/loop";
import { run, using } from "@aio/task";
import { ClientSession } from "../../../src/index.js";
import { fixtureUrl } from "../util.js";

export default async function (print: Print) {
  const URL = fixtureUrl();
  const py = (b: boolean) => (b ? "True" : "False");
  function* main() {
    yield* using(new ClientSession({ headers: { "X-Session": "s1" } }), function* (session) {
      yield* using(session.get(`${URL}/headers`), function* (resp) {
        print(
          repr(resp.headers.getAll("X-Multi")),
          resp.headers.get("x-multi"),
          resp.headers.get("X-SINGLE"),
        );
        print(
          py(resp.headers.has("X-Multi")),
          py(resp.headers.has("x-missing")),
          resp.headers.get("x-missing", "default"),
        );
        print(repr(resp.headers.keys()));
        print(resp.headers.get("Content-Length"), resp.contentLength);
      });
    });
  }
  await run(main());
}
