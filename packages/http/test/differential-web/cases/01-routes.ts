import type { Print } from "@aio/differential";
import { run, using } from "@aio/task";
import { ClientSession, web } from "../../../src/index.js";
import { serve, show } from "../util.js";

export default async function (print: Print) {
  function* main() {
    const app = new web.Application();
    app.router.addGet("/", function* () {
      return new web.Response({ text: "Hello, world" });
    });
    app.router.addGet(
      "/users/{id}",
      function* (request) {
        return web.jsonResponse({ id: request.matchInfo.params.id, tags: request.query.getAll("tag") });
      },
      { name: "user" },
    );
    app.router.addPost("/users/{id}", function* () {
      return new web.Response({ status: 201, text: "made" });
    });
    app.router.addGet("/files/{tail:.*}", function* (request) {
      return new web.Response({ text: request.matchInfo.params.tail as string });
    });
    app.router.addGet("/n/{n:\\d+}", function* (request) {
      return new web.Response({ text: String(Number(request.matchInfo.params.n) * 2) });
    });
    const [runner, base] = yield* serve(app);
    yield* using(new ClientSession(), function* (s) {
      yield* show(print, s, "GET", "/", base);
      yield* show(print, s, "HEAD", "/", base);
      yield* show(print, s, "GET", "/users/%ED%8C%8C?tag=a&tag=b", base);
      yield* show(print, s, "POST", "/users/7", base);
      yield* show(print, s, "DELETE", "/users/7", base);
      yield* show(print, s, "GET", "/files/a/b/c.txt", base);
      yield* show(print, s, "GET", "/n/21", base);
      yield* show(print, s, "GET", "/n/x", base);
      yield* show(print, s, "GET", "/nope", base);
      yield* show(print, s, "PUT", "/", base);
    });
    print(app.router.urlFor("user", { id: "7" }));
    yield* runner.cleanup();
  }
  await run(main());
}
