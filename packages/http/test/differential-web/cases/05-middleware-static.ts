import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Print } from "@aio/differential";
import { repr } from "@aio/loop";
import { run, using } from "@aio/task";
import { ClientSession, web } from "../../../src/index.js";
import { serve } from "../util.js";

export default async function (print: Print) {
  const py = (b: boolean) => (b ? "True" : "False");
  function* main() {
    const d = mkdtempSync(join(tmpdir(), "aio-diff-static-"));
    mkdirSync(join(d, "sub"));
    writeFileSync(join(d, "a.txt"), "0123456789");
    writeFileSync(join(d, "page.html"), "<p>x</p>");
    const stamp = web.middleware(function* (request, handler) {
      let resp: web.StreamResponse;
      try {
        resp = yield* handler(request);
      } catch (err) {
        if (err instanceof web.HTTPNotFound)
          return web.jsonResponse({ error: `nothing at ${request.path}` }, { status: 404 });
        throw err;
      }
      resp.headers.set("X-Mw", "1");
      return resp;
    });
    const app = new web.Application({ middlewares: [stamp] });
    app.router.addGet("/hello", function* () {
      return new web.Response({ text: "hello" });
    });
    app.router.addStatic("/files", d);
    const [runner, base] = yield* serve(app);
    const keep = new Set(["content-type", "content-length", "content-range", "accept-ranges", "x-mw"]);
    const cases: [string, Record<string, string>][] = [
      ["/hello", {}],
      ["/files/a.txt", {}],
      ["/files/page.html", {}],
      ["/files/a.txt", { Range: "bytes=2-4" }],
      ["/files/a.txt", { Range: "bytes=20-" }],
      ["/files/sub", {}],
      ["/files/nope.txt", {}],
      ["/nowhere", {}],
    ];
    yield* using(new ClientSession(), function* (s) {
      for (const [path, headers] of cases) {
        yield* using(s.get(base + path, { headers }), function* (r) {
          const body = yield* r.read();
          const shown = r.headers
            .entries()
            .filter(([k]) => keep.has(k.toLowerCase()))
            .map(([k, v]) => `${k}: ${v}`)
            .sort();
          const etag = r.headers.get("ETag");
          print(
            path,
            headers.Range ?? "",
            r.status,
            repr(shown),
            py(etag !== undefined && /^"[0-9a-f]+-[0-9a-f]+"$/.test(etag)),
            py(r.headers.has("Last-Modified")),
          );
          print("  ", repr(body.toString()));
        });
      }
    });
    yield* runner.cleanup();
  }
  await run(main());
}
