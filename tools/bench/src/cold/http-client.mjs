// C1: an @aio/http client program — a ClientSession's first GET (to the URL given) printed.
import { ClientSession } from "@aio/http";
import { run } from "@aio/task";

await run(
  (function* () {
    const session = new ClientSession();
    try {
      const resp = yield* session.get(process.argv[2]);
      console.log(yield* resp.text());
    } finally {
      yield* session.close();
    }
  })(),
);
