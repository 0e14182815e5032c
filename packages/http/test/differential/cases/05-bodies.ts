import type { Print } from "@aio/differential";
import { repr } from "@aio/loop";
import { run, using } from "@aio/task";
import { ClientSession, FormData, type RequestOptions } from "../../../src/index.js";
import { fixtureUrl, pyName } from "../util.js";

interface Echo {
  method: string;
  contentType: string | null;
  body: string | null;
  form: unknown[] | null;
  chunked: boolean;
}

export default async function (print: Print) {
  const URL = fixtureUrl();
  const show = (e: Echo) =>
    print(
      e.method,
      e.contentType ?? "None",
      repr(e.body),
      e.form === null ? "None" : repr(e.form),
      e.chunked ? "True" : "False",
    );
  function* main() {
    yield* using(new ClientSession(), function* (session) {
      const echo = (options: RequestOptions, method = "POST") =>
        using(
          session.request(method, `${URL}/echo`, options),
          (r) => r.json() as never as Generator<never, Echo>,
        );
      const j = yield* echo({ json: { a: [1, "b"] } });
      print(j.contentType, repr(JSON.parse(j.body as string)).replace(/^\{'a'/, "{'a'"));
      show(yield* echo({ data: "plain 텍스트" }));
      show(yield* echo({ data: Buffer.from("\x00\x01bytes", "latin1") }));
      show(yield* echo({ data: { name: "Ann", age: "3" } }));
      const form = new FormData();
      form.addField("name", "Bo");
      form.addField("file", Buffer.from("file body"), { filename: "a.txt", contentType: "text/plain" });
      show(yield* echo({ data: form }));
      show(
        yield* echo({
          data: (async function* () {
            yield Buffer.from("chunk1,");
            yield Buffer.from("chunk2");
          })(),
        }),
      );
      show(yield* echo({ data: "put" }, "PUT"));
      for (const method of ["PATCH", "DELETE", "OPTIONS"]) print((yield* echo({}, method)).method);
      yield* using(session.head(`${URL}/echo`), function* (resp) {
        print(resp.status, resp.method, repr(yield* resp.read()));
      });
      try {
        yield* session.post(`${URL}/echo`, { data: "a", json: {} });
      } catch (e) {
        print(pyName(e), e);
      }
    });
  }
  await run(main());
}
