import type { Print } from "@aio/differential";
import { repr } from "@aio/loop";
import { run, using } from "@aio/task";
import { ClientResponseError, ClientSession, ContentTypeError } from "../../../src/index.js";
import { fixtureUrl } from "../util.js";

export default async function (print: Print) {
  const URL = fixtureUrl();
  function* main() {
    yield* using(new ClientSession(), function* (session) {
      yield* using(session.get(`${URL}/json`), function* (resp) {
        const data = (yield* resp.json()) as { name: string; list: unknown[]; nested: { ok: boolean } };
        print(data.name, repr(data.list), data.nested.ok ? "True" : "False");
      });
      yield* using(session.get(`${URL}/html`), function* (resp) {
        try {
          yield* resp.json();
        } catch (e) {
          if (!(e instanceof ContentTypeError)) throw e;
          print(e.name, e instanceof ClientResponseError ? "True" : "False", e.reason);
        }
        print("skipped");
      });
      yield* using(session.get(`${URL}/json`), function* (resp) {
        print(repr(((yield* resp.json({ contentType: null })) as { list: unknown[] }).list));
      });
    });
  }
  await run(main());
}
