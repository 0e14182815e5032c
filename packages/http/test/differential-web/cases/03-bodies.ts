import type { Print } from "@aio/differential";
import { run, using } from "@aio/task";
import { ClientSession, FormData, web } from "../../../src/index.js";
import { serve, show } from "../util.js";

export default async function (print: Print) {
  function* main() {
    const app = new web.Application({ clientMaxSize: 1000 });
    app.router.addPost("/json", function* (request) {
      return web.jsonResponse({ got: yield* request.json() });
    });
    app.router.addPost("/form", function* (request) {
      const data = yield* request.post();
      const files = new Map([...data.files].map(([k, v]) => [k, [...v]]));
      const out = data.entries().map(([k, v]) => {
        const file = files.get(k)?.shift();
        return [k, file === undefined ? v : [file.filename, file.contentType, file.file.toString()]];
      });
      return web.jsonResponse(out);
    });
    app.router.addPost("/text", function* (request) {
      const t = yield* request.text();
      return new web.Response({
        text: `${[...t].length} characters, ${request.contentType}, ${request.charset ?? "None"}`,
      });
    });
    const [runner, base] = yield* serve(app);
    yield* using(new ClientSession(), function* (s) {
      yield* show(print, s, "POST", "/json", base, { json: { a: [1, "둘"] } });
      yield* show(print, s, "POST", "/form", base, { data: { name: "Ann", age: "3" } });
      const fd = new FormData();
      fd.addField("name", "Bo");
      fd.addField("upload", Buffer.from("file body"), { filename: "a.txt", contentType: "text/plain" });
      yield* show(print, s, "POST", "/form", base, { data: fd });
      yield* show(print, s, "POST", "/text", base, {
        data: Buffer.from("파이썬"),
        headers: { "Content-Type": "text/plain; charset=utf-8" },
      });
      yield* show(print, s, "POST", "/text", base, {
        data: Buffer.from("café", "latin1"),
        headers: { "Content-Type": "text/plain; charset=latin-1" },
      });
      yield* show(print, s, "POST", "/text", base, { data: "x".repeat(5000) });
    });
    yield* runner.cleanup();
  }
  await run(main());
}
