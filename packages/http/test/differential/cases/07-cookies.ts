import type { Print } from "@aio/differential";
import { repr } from "@aio/loop";
import { type Coro, run, using } from "@aio/task";
import { ClientSession, CookieJar, DummyCookieJar } from "../../../src/index.js";
import { fixtureUrl } from "../util.js";

export default async function (print: Print) {
  const URL = fixtureUrl();
  function* cookieHeader(session: ClientSession, path = "/echo"): Coro<string> {
    return yield* using(session.get(URL + path), function* (resp) {
      return ((yield* resp.json()) as { cookie: string | null }).cookie ?? "None";
    });
  }
  function* main() {
    yield* using(new ClientSession(), function* (session) {
      yield* using(session.get(`${URL}/cookies/set?a=1`), function* (resp) {
        print(repr([...resp.cookies.keys()].sort()), resp.cookies.get("a")?.value);
      });
      print("default jar, IP host:", yield* cookieHeader(session), session.cookieJar.size);
    });
    yield* using(new ClientSession({ cookieJar: new CookieJar({ unsafe: true }) }), function* (session) {
      yield* using(session.get(`${URL}/cookies/set?a=1&b=two`), function* () {});
      print("unsafe jar:", yield* cookieHeader(session), session.cookieJar.size);
      yield* using(session.get(`${URL}/cookies/expire?name=a`), function* () {});
      print("after expiry:", yield* cookieHeader(session));
      yield* using(session.get(`${URL}/echo`, { cookies: { extra: "x" } }), function* (resp) {
        print("request cookies:", ((yield* resp.json()) as { cookie: string }).cookie);
      });
      print(repr([...session.cookieJar].map((c) => c.key).sort()));
      session.cookieJar.clear();
      print("cleared:", yield* cookieHeader(session));
    });
    yield* using(
      new ClientSession({ cookieJar: new DummyCookieJar(), cookies: { s: "1" } }),
      function* (session) {
        (yield* session.get(`${URL}/cookies/set?a=1`)).release();
        print("dummy:", yield* cookieHeader(session));
      },
    );
  }
  await run(main());
}
