/**
 * The to-do API: an aiohttp.web-style application on @aio/http. The store is a Map guarded by an
 * @aio/sync Lock (handlers run as concurrent tasks; a change that awaits in the middle must not
 * interleave with another), validation answers 400 with a JSON reason, the export streams one JSON
 * line per to-do as it goes, and `/` serves the files of `public/`.
 */
import { fileURLToPath } from "node:url";
import { web } from "@aio/http";
import { Lock } from "@aio/sync";
import { type Coro, sleep, using } from "@aio/task";

/** A to-do. */
export interface Todo {
  id: number;
  title: string;
  done: boolean;
}

/** The store: the to-dos, the next id, and the lock every change takes. */
export class Store {
  readonly todos = new Map<number, Todo>();
  readonly lock = new Lock();
  #nextId = 1;

  /** Adds a to-do (under the lock). */
  *add(title: string, done: boolean): Coro<Todo> {
    const self = this;
    return yield* using(this.lock, function* () {
      const todo = { id: self.#nextId++, title, done };
      yield* sleep(0); // a write that awaits (a database would): the lock keeps ids and order sound
      self.todos.set(todo.id, todo);
      return todo;
    });
  }
}

export const STORE = new web.AppKey<Store>("store");

/** A 400 with a JSON body: `{"error": reason}`. */
function invalid(reason: string): web.HTTPBadRequest {
  return new web.HTTPBadRequest({ text: JSON.stringify({ error: reason }), contentType: "application/json" });
}

/** The body of a create or an update, checked field by field. */
function* fields(request: web.Request, partial: boolean): Coro<Partial<Pick<Todo, "title" | "done">>> {
  if (request.contentType !== "application/json") throw invalid("send JSON (Content-Type: application/json)");
  const text = yield* request.text(); // a body past clientMaxSize is the server's 413, not ours
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw invalid("the body is not valid JSON");
  }
  if (body === null || typeof body !== "object" || Array.isArray(body)) throw invalid("send a JSON object");
  const { title, done, ...rest } = body as Record<string, unknown>;
  const unknown = Object.keys(rest);
  if (unknown.length > 0) throw invalid(`unknown field ${JSON.stringify(unknown[0])}`);
  const out: Partial<Pick<Todo, "title" | "done">> = {};
  if (title !== undefined || !partial) {
    if (typeof title !== "string" || title.trim() === "") throw invalid("title must be a non-empty string");
    if (title.length > 200) throw invalid("title must be at most 200 characters");
    out.title = title.trim();
  }
  if (done !== undefined) {
    if (typeof done !== "boolean") throw invalid("done must be true or false");
    out.done = done;
  }
  return out;
}

function todoOf(request: web.Request): Todo {
  const store = request.app.get(STORE);
  const todo = store.todos.get(Number(request.matchInfo.params.id));
  if (todo === undefined)
    throw new web.HTTPNotFound({
      text: JSON.stringify({ error: "no such to-do" }),
      contentType: "application/json",
    });
  return todo;
}

const routes = new web.RouteTableDef();

routes.get("/todos", function* (request) {
  const store = request.app.get(STORE);
  const filter = request.query.get("done");
  if (filter !== undefined && filter !== "true" && filter !== "false")
    throw invalid("done must be true or false");
  const list = [...store.todos.values()].filter((t) => filter === undefined || String(t.done) === filter);
  return web.jsonResponse(list);
});

routes.post("/todos", function* (request) {
  const { title, done } = yield* fields(request, false);
  const todo = yield* request.app.get(STORE).add(title as string, done ?? false);
  return web.jsonResponse(todo, { status: 201, headers: { Location: `/todos/${todo.id}` } });
});

routes.get("/todos/export", function* (request) {
  // One JSON line per to-do, written as it goes (a client that reads slowly slows the writes).
  const store = request.app.get(STORE);
  const resp = new web.StreamResponse({ headers: { "Content-Type": "application/x-ndjson" } });
  yield* resp.prepare(request);
  for (const todo of [...store.todos.values()]) yield* resp.write(`${JSON.stringify(todo)}\n`);
  yield* resp.writeEof();
  return resp;
});

routes.get("/todos/{id:\\d+}", function* (request) {
  return web.jsonResponse(todoOf(request));
});

routes.patch("/todos/{id:\\d+}", function* (request) {
  const changes = yield* fields(request, true);
  const store = request.app.get(STORE);
  return yield* using(store.lock, function* () {
    const todo = todoOf(request);
    Object.assign(todo, changes);
    return web.jsonResponse(todo);
  });
});

routes.delete("/todos/{id:\\d+}", function* (request) {
  const store = request.app.get(STORE);
  return yield* using(store.lock, function* () {
    store.todos.delete(todoOf(request).id);
    return new web.Response({ status: 204 });
  });
});

/** The application (a fresh store each time); `publicDir` is served at `/`. */
export function createApp(options: { publicDir?: string } = {}): web.Application {
  const app = new web.Application({ clientMaxSize: 64 * 1024 });
  app.set(STORE, new Store());
  app.addRoutes(routes);
  app.router.addGet("/", function* () {
    throw new web.HTTPFound("/index.html");
  });
  app.router.addStatic("/", options.publicDir ?? fileURLToPath(new URL("../public", import.meta.url)));
  return app;
}
