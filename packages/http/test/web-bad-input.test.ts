/**
 * Every public entry point of @aio/http's `web`, given what a user could get wrong: a clear error
 * at once, naming the problem and the value, in aiohttp's words where it has them.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Coro, run } from "@aio/task";
import { type BadInput, badInputs } from "@aio/test-support";
import { web } from "../src/index.js";

const h = function* (): Coro<web.StreamResponse> {
  return new web.Response();
};
const dir = mkdtempSync(join(tmpdir(), "aio-web-bad-"));
const router = () => new web.Application().router;
const named = () => {
  const r = router();
  r.addGet("/users/{id}", h, { name: "user" });
  return r;
};

const rows: BadInput[] = [
  {
    call: "new Application({ middlewares: 5 })",
    act: () => new web.Application({ middlewares: 5 as never }),
    error: TypeError,
    message: "middlewares must be a list, got 5",
  },
  {
    call: "new Application({ middlewares: [5] })",
    act: () => new web.Application({ middlewares: [5 as never] }),
    error: TypeError,
    message: "a middleware must be a function, got 5",
  },
  {
    call: "new Application({ clientMaxSize: -1 })",
    act: () => new web.Application({ clientMaxSize: -1 }),
    error: RangeError,
    message: "clientMaxSize must be a non-negative integer or null, got -1",
  },
  {
    call: 'app.get("missing")',
    act: () => new web.Application().get("missing"),
    error: RangeError,
    message: "no missing in the application's state",
  },
  {
    // aiohttp 3.8.4 takes any token ("FETCH" too) and refuses the rest: "A B is not allowed HTTP method"
    call: 'addRoute("A B", "/", h)',
    act: () => router().addRoute("A B", "/", h),
    error: RangeError,
    message: "'A B' is not allowed HTTP method",
  },
  {
    call: 'addGet("nope", h)',
    act: () => router().addGet("nope", h),
    error: RangeError,
    message: "path should be started with / or be empty, got 'nope'",
  },
  {
    call: 'addGet("/", 5)',
    act: () => router().addGet("/", 5 as never),
    error: TypeError,
    message: "Only async functions are allowed as web-handlers, got 5",
  },
  {
    call: 'addGet("/{a}/{a}", h)',
    act: () => router().addGet("/{a}/{a}", h),
    error: RangeError,
    message: "Duplicate {a} in path '/{a}/{a}'",
  },
  {
    call: 'addGet("/{a:[}", h)',
    act: () => router().addGet("/{a:[}", h),
    error: RangeError,
    message: /^Bad pattern '\[' in path '\/\{a:\[\}': Invalid regular expression/,
  },
  {
    call: 'addGet("/a{", h)',
    act: () => router().addGet("/a{", h),
    error: RangeError,
    message: "Invalid path '/a{'['/a{']",
  },
  {
    call: "the same method on a path twice",
    act: () => {
      const r = router();
      r.addPost("/x", h);
      r.addPost("/x", h);
    },
    error: RangeError,
    message: "Added route will never be executed, method POST is already registered",
  },
  {
    call: "a route name used twice",
    act: () => {
      const r = router();
      r.addGet("/x", h, { name: "n" });
      r.addGet("/y", h, { name: "n" });
    },
    error: RangeError,
    message: "Duplicate 'n', already handled by '/x'",
  },
  {
    call: 'urlFor("nope")',
    act: () => named().urlFor("nope"),
    error: RangeError,
    message: "no route named 'nope'",
  },
  {
    call: 'urlFor("user") without {id}',
    act: () => named().urlFor("user"),
    error: RangeError,
    message: "url_for of route 'user' needs a value for {id}",
  },
  {
    call: 'addStatic("static", dir)',
    act: () => router().addStatic("static", dir),
    error: RangeError,
    message: "prefix should start with '/', got 'static'",
  },
  {
    call: 'addStatic("/s", missing)',
    act: () => router().addStatic("/s", join(dir, "missing")),
    error: RangeError,
    message: `No directory exists at '${join(dir, "missing")}'`,
  },
  {
    call: 'web.view("/", Object)',
    act: () => web.view("/", Object as never),
    error: TypeError,
    message: /^a view must be a subclass of web\.View, got /,
  },
  {
    call: 'new Response({ text: "a", body: "b" })',
    act: () => new web.Response({ text: "a", body: "b" }),
    error: RangeError,
    message: "body and text are not allowed together",
  },
  {
    call: "new Response({ text: 5 })",
    act: () => new web.Response({ text: 5 as never }),
    error: TypeError,
    message: "text argument must be str (<class 'int'>)",
  },
  {
    call: "new Response({ status: 99 })",
    act: () => new web.Response({ status: 99 }),
    error: RangeError,
    message: "status must be an integer from 100 to 999, got 99",
  },
  {
    call: 'new Response({ headers: { "Content-Type": "x" }, contentType: "y", text: "a" })',
    act: () => new web.Response({ headers: { "Content-Type": "x" }, contentType: "y", text: "a" }),
    error: RangeError,
    message: "passing both Content-Type header and content_type or charset params is forbidden",
  },
  {
    call: "new Response({ body: 5 })",
    act: () => new web.Response({ body: 5 as never }),
    error: TypeError,
    message: "body must be a string, bytes or null, got 5",
  },
  {
    call: 'new HTTPFound("")',
    act: () => new web.HTTPFound(""),
    error: RangeError,
    message: 'HTTP redirects need a location to redirect to, got ""',
  },
  {
    call: "write() before prepare()",
    act: () => run(new web.StreamResponse().write("x")),
    error: Error,
    message: "Cannot call write() before prepare()",
  },
  {
    call: "new AppRunner(5)",
    act: () => new web.AppRunner(5 as never),
    error: TypeError,
    message: "AppRunner needs an Application, got 5",
  },
  {
    call: "new AppRunner(app, { shutdownTimeout: -1 })",
    act: () => new web.AppRunner(new web.Application(), { shutdownTimeout: -1 }),
    error: RangeError,
    message: "shutdownTimeout must be a non-negative number of seconds, got -1",
  },
  {
    call: 'new AppRunner(app, { lingeringTime: "10" })',
    act: () => new web.AppRunner(new web.Application(), { lingeringTime: "10" as never }),
    error: RangeError,
    message: "lingeringTime must be a non-negative number of seconds, got '10'",
  },
  {
    call: 'new TCPSite(runner, "127.0.0.1", 70000)',
    act: () => new web.TCPSite(new web.AppRunner(new web.Application()), "127.0.0.1", 70000),
    error: RangeError,
    message: "port must be an integer from 0 to 65535, got 70000",
  },
  {
    call: "new TCPSite(5)",
    act: () => new web.TCPSite(5 as never),
    error: TypeError,
    message: "TCPSite needs an AppRunner, got 5",
  },
  {
    call: "site.start() before runner.setup()",
    act: () => run(new web.TCPSite(new web.AppRunner(new web.Application()), "127.0.0.1", 0).start()),
    error: Error,
    message: "Call runner.setup() before making a site",
  },
  {
    call: "new TestClient(5)",
    act: () => new web.TestClient(5 as never),
    error: TypeError,
    message: "TestClient needs a TestServer",
  },
  {
    call: "testClient.get() before start",
    act: () => new web.TestClient(new web.TestServer(new web.Application())).get("/"),
    error: Error,
    message: "the TestClient is not started: use it with `using`, or call start()",
  },
];

badInputs("@aio/http web", rows);
