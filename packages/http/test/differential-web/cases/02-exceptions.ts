import type { Print } from "@aio/differential";
import { getRunningLoop } from "@aio/loop";
import { run, using } from "@aio/task";
import { ClientSession, web } from "../../../src/index.js";
import { serve, show } from "../util.js";

export default async function (print: Print) {
  function* main() {
    const app = new web.Application();
    const routes: [string, () => never][] = [
      [
        "/found",
        () => {
          throw new web.HTTPFound("/elsewhere");
        },
      ],
      [
        "/bad",
        () => {
          throw new web.HTTPBadRequest({ text: "name is required" });
        },
      ],
      [
        "/empty",
        () => {
          throw new web.HTTPNoContent();
        },
      ],
      [
        "/denied",
        () => {
          throw new web.HTTPUnauthorized({ headers: { "WWW-Authenticate": "Basic realm=x" } });
        },
      ],
      [
        "/forbidden",
        () => {
          throw new web.HTTPForbidden({ reason: "Go Away" });
        },
      ],
      [
        "/boom",
        () => {
          throw new Error("kaput");
        },
      ],
    ];
    for (const [path, fail] of routes) {
      app.router.addGet(path, function* () {
        fail();
        return new web.Response();
      });
    }
    const [runner, base] = yield* serve(app);
    getRunningLoop().setExceptionHandler(() => {}); // the 500's log line (aiohttp's logger is off too)
    yield* using(new ClientSession(), function* (s) {
      for (const [path] of routes) yield* show(print, s, "GET", path, base);
      yield* show(print, s, "GET", "/boom", base, { headers: { Accept: "text/html" } });
    });
    yield* runner.cleanup();
  }
  await run(main());
}
