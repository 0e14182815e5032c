import type { Print } from "@aio/differential";
import { TimeoutError } from "@aio/future";
import { repr } from "@aio/loop";
import { type Coro, run, using } from "@aio/task";
import { ClientError, ClientSession, ClientTimeout, type RequestOptions } from "../../../src/index.js";
import { fixtureUrl, pyName } from "../util.js";

export default async function (print: Print) {
  const URL = fixtureUrl();
  const py = (b: boolean) => (b ? "True" : "False");
  function* attempt(label: string, coro: Coro<unknown>) {
    try {
      print(label, "->", yield* coro);
    } catch (e) {
      print(
        label,
        pyName(e),
        repr((e as Error).message),
        py(e instanceof TimeoutError),
        py(e instanceof ClientError),
      );
    }
  }
  const text = (session: ClientSession, path: string, options: RequestOptions = {}) =>
    using(session.get(URL + path, options), (r) => r.text());
  function* main() {
    yield* using(new ClientSession(), function* (s) {
      yield* attempt("total", text(s, "/slow?ms=400", { timeout: new ClientTimeout({ total: 0.1 }) }));
      yield* attempt("total as a number", text(s, "/slow?ms=400", { timeout: 0.1 }));
      yield* attempt(
        "sock_read, head",
        text(s, "/slow?ms=400", { timeout: new ClientTimeout({ sockRead: 0.1 }) }),
      );
      yield* attempt(
        "sock_read, body",
        text(s, "/slow-body?ms=400", { timeout: new ClientTimeout({ sockRead: 0.1 }) }),
      );
      yield* attempt(
        "in time",
        text(s, "/slow?ms=50", { timeout: new ClientTimeout({ total: 2, sockRead: 1 }) }),
      );
    });
    yield* using(new ClientSession({ timeout: new ClientTimeout({ total: 0.1 }) }), function* (s) {
      yield* attempt("session total", text(s, "/slow?ms=400"));
      yield* attempt(
        "request overrides",
        text(s, "/slow?ms=200", { timeout: new ClientTimeout({ total: 2 }) }),
      );
    });
  }
  await run(main());
}
