import type { Print } from "@aio/differential";
import { type Coro, run, using } from "@aio/task";
import { BasicAuth, ClientSession, type RequestOptions } from "../../../src/index.js";
import { fixtureUrl, pyName } from "../util.js";

export default async function (print: Print) {
  const URL = fixtureUrl();
  function* authorization(session: ClientSession, url: string, options: RequestOptions = {}): Coro<string> {
    return yield* using(session.get(url, options), function* (resp) {
      return ((yield* resp.json()) as { authorization: string | null }).authorization ?? "None";
    });
  }
  function* main() {
    const auth = new BasicAuth("user", "p@ss wörd");
    print(auth.login, auth.password, auth.encoding, auth.encode());
    print(String(BasicAuth.decode(auth.encode())));
    yield* using(new ClientSession(), function* (session) {
      print(yield* authorization(session, `${URL}/echo`, { auth }));
      print(yield* authorization(session, `${URL}/echo`));
      const host = URL.split("//")[1];
      print(yield* authorization(session, `http://ann:secret@${host}/echo`));
      print(yield* authorization(session, `${URL}/redirect/1`, { auth: new BasicAuth("bo", "x") }));
      try {
        yield* authorization(session, `http://ann:secret@${host}/echo`, { auth });
      } catch (e) {
        print(pyName(e), (e as Error).message);
      }
    });
    yield* using(new ClientSession({ auth: new BasicAuth("session", "pw") }), function* (session) {
      print(yield* authorization(session, `${URL}/echo`));
      try {
        yield* authorization(session, `${URL}/echo`, { headers: { Authorization: "Bearer token" } });
      } catch (e) {
        print(pyName(e), (e as Error).message);
      }
    });
    const bad = [
      () => new BasicAuth(null as unknown as string),
      () => new BasicAuth("a:b", "c"),
      () => BasicAuth.decode("Bearer x"),
      () => BasicAuth.decode("Basic !!!"),
    ];
    for (const f of bad) {
      try {
        f();
      } catch (e) {
        print(pyName(e), (e as Error).message);
      }
    }
  }
  await run(main());
}
