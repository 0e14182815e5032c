import { createServer } from "node:net";
import type { Print } from "@aio/differential";
import { OSError } from "@aio/fs";
import { type Coro, fromPromise, run, using } from "@aio/task";
import {
  ClientConnectorError,
  ClientError,
  ClientResponseError,
  ClientSession,
  type RequestOptions,
} from "../../../src/index.js";
import { fixtureUrl, pyName } from "../util.js";

export default async function (print: Print) {
  const URL = fixtureUrl();
  const short = (s: unknown) => String(s instanceof Error ? s.message : s).replace(URL, "<fixture>");
  const py = (b: boolean) => (b ? "True" : "False");
  function* attempt(label: string, coro: Coro<unknown>) {
    try {
      print(label, "->", yield* coro);
    } catch (e) {
      print(label, pyName(e), short(e), py(e instanceof ClientError), py(e instanceof OSError));
    }
  }
  const text = (session: ClientSession, url: string, options: RequestOptions = {}) =>
    using(session.get(url, options), (r) => r.text());
  function* closedPort(): Coro<number> {
    const server = createServer();
    yield* fromPromise(new Promise<void>((r) => server.listen(0, "127.0.0.1", r)));
    const { port } = server.address() as { port: number };
    yield* fromPromise(new Promise((r) => server.close(r)));
    return port;
  }
  function* main() {
    const port = yield* closedPort();
    let session = new ClientSession();
    yield* using(session, function* (s) {
      try {
        yield* text(s, `http://127.0.0.1:${port}/`);
      } catch (e) {
        if (!(e instanceof ClientConnectorError)) throw e;
        print(
          e.name,
          e.message.replaceAll(String(port), "PORT"),
          e.errno,
          e.host,
          py(e.port === port),
          py(e instanceof OSError),
        );
      }
      yield* attempt("unknown host", text(s, "http://nope.invalid/"));
      yield* attempt("disconnect", text(s, `${URL}/close`));
      yield* attempt("short body", text(s, `${URL}/short`));
      yield* attempt("raise_for_status", text(s, `${URL}/status/404`, { raiseForStatus: true }));
      yield* attempt("no host", text(s, "nohost"));
      yield* using(s.get(`${URL}/status/503`), function* (resp) {
        try {
          resp.raiseForStatus();
        } catch (e) {
          if (!(e instanceof ClientResponseError)) throw e;
          print(
            e.status,
            e.reason,
            short(e.requestInfo.url),
            e.headers?.get("Content-Type"),
            py(resp.closed),
          );
        }
      });
    });
    session = new ClientSession({ raiseForStatus: true });
    yield* using(session, function* (s) {
      yield* attempt("session raise_for_status", text(s, `${URL}/status/418`));
    });
    yield* attempt("closed session", session.get(`${URL}/text`)[Symbol.iterator]());
  }
  await run(main());
}
