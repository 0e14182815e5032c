import type { Print } from "@aio/differential";
import { run, using } from "@aio/task";
import { ClientSession, web } from "../../../src/index.js";
import { serve, show } from "../util.js";

export default async function (print: Print) {
  function* main() {
    const app = new web.Application();
    app.router.addGet("/plain", function* () {
      return new web.Response({ text: "<b>hi</b>", contentType: "text/html" });
    });
    app.router.addGet("/latin", function* () {
      return new web.Response({ text: "café", charset: "latin-1" });
    });
    app.router.addGet("/raw", function* () {
      return new web.Response({ body: Buffer.from([0, 1, 2]), contentType: "application/x-thing" });
    });
    app.router.addGet("/created", function* () {
      return web.jsonResponse({ ok: true }, { status: 201 });
    });
    app.router.addGet("/cookies", function* () {
      const r = new web.Response({ text: "cookies" });
      r.setCookie("session", "abc", { httponly: true, maxAge: 60 });
      r.setCookie("odd", "a,b c");
      r.delCookie("old");
      return r;
    });
    app.router.addGet("/stream", function* (request) {
      const r = new web.StreamResponse({ headers: { "Content-Type": "text/plain" } });
      r.setStatus(202);
      yield* r.prepare(request);
      for (let i = 0; i < 3; i++) yield* r.write(Buffer.from(`part ${i}\n`));
      yield* r.writeEof();
      return r;
    });
    app.router.addGet("/echo-cookies", function* (request) {
      const sorted = Object.fromEntries(Object.entries(request.cookies).sort(([a], [b]) => (a < b ? -1 : 1)));
      return web.jsonResponse(sorted);
    });
    const [runner, base] = yield* serve(app);
    yield* using(new ClientSession(), function* (s) {
      for (const path of ["/plain", "/latin", "/raw", "/created", "/cookies", "/stream"])
        yield* show(print, s, "GET", path, base);
      yield* show(print, s, "GET", "/echo-cookies", base, { headers: { Cookie: 'b=2; a=1; q="x y"' } });
    });
    yield* runner.cleanup();
  }
  await run(main());
}
