import type { Print } from "@aio/differential";
import { repr } from "@aio/loop";
import { run, using } from "@aio/task";
import { ClientSession, type RequestOptions, TooManyRedirects } from "../../../src/index.js";
import { fixtureUrl } from "../util.js";

export default async function (print: Print) {
  const URL = fixtureUrl();
  const short = (u: string) => u.replace(URL, "<fixture>");
  const tuples = (pairs: [string, string][]) =>
    `[${pairs.map(([a, b]) => `[${repr(a)}, ${repr(b)}]`).join(", ")}]`;
  function* main() {
    yield* using(new ClientSession(), function* (session) {
      yield* using(session.get(`${URL}/redirect/3`), function* (resp) {
        print(
          resp.status,
          repr(resp.history.map((h) => h.status)),
          repr(resp.history.map((h) => short(h.url))),
          short(resp.url),
        );
      });
      for (const path of ["/see-other", "/temporary"]) {
        yield* using(session.post(URL + path, { data: "payload" }), function* (resp) {
          const echo = (yield* resp.json()) as { method: string; query: [string, string][]; body: string };
          print(echo.method, tuples(echo.query), repr(echo.body));
        });
      }
      yield* using(session.get(`${URL}/redirect/2`, { allowRedirects: false }), function* (resp) {
        print(resp.status, resp.headers.get("Location"), resp.history.length);
      });
      const all: RequestOptions[] = [{}, { maxRedirects: 4 }];
      for (const options of all) {
        try {
          yield* session.get(`${URL}/loop`, options);
        } catch (e) {
          if (!(e instanceof TooManyRedirects)) throw e;
          print(e.name, e.history.length, short(e.message));
        }
      }
    });
  }
  await run(main());
}
