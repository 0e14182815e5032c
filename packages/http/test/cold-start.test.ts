/**
 * What `import "@aio/http"` loads: not undici, ws or tldts until a program uses them (issue 27's
 * cold start; the time itself is measured in tools/bench, never asserted here).
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const pkg = fileURLToPath(new URL("..", import.meta.url));

/** Runs `code` (an ES module) in a fresh process; returns the heavy dependencies it loaded. */
function loadedAfter(code: string): string[] {
  const program = `${code}
const { createRequire } = await import("node:module");
const cache = Object.keys(createRequire(import.meta.url).cache);
const heavy = ["undici", "ws", "tldts"].filter((n) => cache.some((f) => f.includes(\`/node_modules/\${n}/\`)));
console.log(JSON.stringify(heavy));`;
  const r = spawnSync(
    process.execPath,
    ["--conditions=aio-source", "--import", "tsx", "--input-type=module", "-e", program],
    {
      cwd: pkg,
      encoding: "utf8",
      timeout: 60_000,
    },
  );
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout.trim().split("\n").at(-1) as string) as string[];
}

it("importing the package loads none of undici, ws and tldts", () => {
  expect(loadedAfter(`import "@aio/http";`)).toEqual([]);
});

it("a server with routes and a response loads none of them either; a connector's dispatcher loads undici, a cookie for a domain tldts", () => {
  expect(
    loadedAfter(`
import { web } from "@aio/http";
const app = new web.Application();
app.router.addGet("/", function* () { return new web.Response({ text: "hi" }); });
`),
  ).toEqual([]);
  expect(
    loadedAfter(`
import { ClientSession, CookieJar, SimpleCookie } from "@aio/http";
import { run } from "@aio/task";
await run((function* () {
  const session = new ClientSession();
  session.connector.dispatcher(false);
  yield* session.close();
  const jar = new CookieJar();
  const cookie = new SimpleCookie();
  cookie.load("a=1; Domain=example.com");
  jar.updateCookies(cookie, new URL("http://www.example.com/"));
})());
`),
  ).toEqual(["undici", "tldts"]);
});
