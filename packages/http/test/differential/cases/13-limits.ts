import type { Print } from "@aio/differential";
import { type Coro, gather, run, using } from "@aio/task";
import { ClientSession, TCPConnector } from "../../../src/index.js";
import { fixtureUrl } from "../util.js";

export default async function (print: Print) {
  const URL = fixtureUrl();
  const py = (b: boolean) => (b ? "True" : "False");
  function* peak(session: ClientSession, n: number): Coro<number> {
    yield* using(session.get(`${URL}/count/reset`), (resp) => resp.read());
    function* one(): Coro<number> {
      return yield* using(session.get(`${URL}/count`), function* (resp) {
        return Number(yield* resp.text());
      });
    }
    return Math.max(...(yield* gather(...Array.from({ length: n }, one))));
  }
  function* main() {
    for (const limit of [1, 3, 5]) {
      yield* using(new ClientSession({ connector: new TCPConnector({ limit }) }), function* (session) {
        print("limit", limit, "peak", yield* peak(session, 8));
      });
    }
    yield* using(
      new ClientSession({ connector: new TCPConnector({ limit: 0, limitPerHost: 2 }) }),
      function* (session) {
        print("limit_per_host 2 peak", yield* peak(session, 6));
      },
    );
    let connector = new TCPConnector({ limit: 4, limitPerHost: 3 });
    print(connector.limit, connector.limitPerHost, py(connector.forceClose), py(connector.closed));
    const session = new ClientSession({ connector });
    yield* using(session, function* (s) {
      print("limit 4, per host 3 peak", yield* peak(s, 6));
    });
    print(py(connector.closed), py(session.closed));
    connector = new TCPConnector();
    const shared = new ClientSession({ connector, connectorOwner: false });
    yield* using(shared, function* (s) {
      print(connector.limit, connector.limitPerHost, "peak", yield* peak(s, 3));
    });
    print(py(connector.closed), py(shared.closed));
    yield* connector.close();
    print(py(connector.closed));
  }
  await run(main());
}
