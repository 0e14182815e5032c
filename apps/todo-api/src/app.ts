/**
 * The to-do API: an aiohttp.web-style application on @aio/http. The store is a Map guarded by an
 * @aio/sync Lock (handlers run as concurrent tasks; a change that awaits in the middle must not
 * interleave with another), validation answers 400 with a JSON reason, the export streams one JSON
 * line per to-do as it goes, `/todos/feed` is a WebSocket that tells each change as it happens,
 * `/todos/{id}/attachments` takes files as a streamed multipart upload written with @aio/fs, and
 * `/` serves the files of `public/`.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { open, os } from "@aio/fs";
import { BodyPartReader, web } from "@aio/http";
import { Lock, Queue } from "@aio/sync";
import { type Coro, createTask, sleep, using } from "@aio/task";

/** A to-do. */
export interface Todo {
  id: number;
  title: string;
  done: boolean;
}

/** The store: the to-dos, the next id, and the lock every change takes. */
/** A change, as the feed tells it. */
export interface Change {
  event: "created" | "updated" | "deleted";
  todo: Todo;
}

export class Store {
  readonly todos = new Map<number, Todo>();
  readonly lock = new Lock();
  /** The feed's subscribers: each gets every change, in order. */
  readonly subscribers = new Set<Queue<Change>>();
  #nextId = 1;

  /** Tells every subscriber. */
  publish(event: Change["event"], todo: Todo): void {
    for (const queue of this.subscribers) queue.putNowait({ event, todo: { ...todo } });
  }

  /** Adds a to-do (under the lock). */
  *add(title: string, done: boolean): Coro<Todo> {
    const self = this;
    return yield* using(this.lock, function* () {
      const todo = { id: self.#nextId++, title, done };
      yield* sleep(0); // a write that awaits (a database would): the lock keeps ids and order sound
      self.todos.set(todo.id, todo);
      self.publish("created", todo);
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
    store.publish("updated", todo);
    return web.jsonResponse(todo);
  });
});

routes.delete("/todos/{id:\\d+}", function* (request) {
  const store = request.app.get(STORE);
  return yield* using(store.lock, function* () {
    const todo = todoOf(request);
    store.todos.delete(todo.id);
    store.publish("deleted", todo);
    return new web.Response({ status: 204 });
  });
});

routes.get("/todos/feed", function* (request) {
  // A WebSocket that tells every change ({"event": "created", "todo": {…}}) until the client closes.
  const store = request.app.get(STORE);
  const ws = new web.WebSocketResponse({ heartbeat: 30 });
  yield* ws.prepare(request);
  const queue = new Queue<Change>();
  store.subscribers.add(queue);
  const sender = createTask(
    (function* () {
      for (;;) yield* ws.sendJson(yield* queue.get());
    })(),
  );
  try {
    for (;;) {
      const msg = yield* ws.receive(); // the client says nothing: this waits for its close
      if (
        msg.type === web.WSMsgType.CLOSE ||
        msg.type === web.WSMsgType.CLOSED ||
        msg.type === web.WSMsgType.ERROR
      )
        break;
    }
  } finally {
    store.subscribers.delete(queue);
    sender.cancel();
  }
  return ws;
});

export const UPLOADS = new web.AppKey<string>("uploads");

/** The attachments of to-do `id`: their directory. */
function attachmentsDir(request: web.Request, id: number): string {
  return join(request.app.get(UPLOADS), String(id));
}

routes.post("/todos/{id:\\d+}/attachments", function* (request) {
  // Each file of a multipart/form-data upload is written as its chunks arrive (the body never sits
  // in memory whole): @aio/fs writes them to the to-do's directory under their base name.
  const todo = todoOf(request);
  if (request.contentType !== "multipart/form-data") throw invalid("send multipart/form-data");
  const dir = attachmentsDir(request, todo.id);
  yield* os.makedirs(dir, { existOk: true });
  const reader = yield* request.multipart();
  const saved: { name: string; size: number }[] = [];
  for (;;) {
    const part = yield* reader.next();
    if (part === null) break;
    if (!(part instanceof BodyPartReader) || part.filename === null) throw invalid("send files only");
    const name = basename(part.filename);
    if (name === "" || name === "." || name === "..")
      throw invalid(`bad file name ${JSON.stringify(part.filename)}`);
    let size = 0;
    yield* using(open(join(dir, name), "wb"), function* (file) {
      for (;;) {
        const chunk = yield* part.readChunk();
        if (chunk.length === 0) break;
        const data = part.decode(chunk); // (a Content-Transfer-Encoding undone)
        yield* file.write(data);
        size += data.length;
      }
    });
    saved.push({ name, size });
  }
  return web.jsonResponse(saved, { status: 201 });
});

routes.get("/todos/{id:\\d+}/attachments", function* (request) {
  const todo = todoOf(request);
  const dir = attachmentsDir(request, todo.id);
  const names = (yield* os.path.isdir(dir)) ? (yield* os.listdir(dir)).sort() : [];
  const out: { name: string; size: number }[] = [];
  for (const name of names) out.push({ name, size: yield* os.path.getsize(join(dir, name)) });
  return web.jsonResponse(out);
});

/**
 * The application (a fresh store each time); `publicDir` is served at `/`, attachments go under
 * `uploadDir` (a new temporary directory by default).
 */
export function createApp(options: { publicDir?: string; uploadDir?: string } = {}): web.Application {
  // (uploads are streamed to disk: the 64 KiB limit is for the JSON bodies read whole)
  const app = new web.Application({ clientMaxSize: 64 * 1024 });
  app.set(STORE, new Store());
  app.set(UPLOADS, options.uploadDir ?? mkdtempSync(join(tmpdir(), "todo-api-uploads-")));
  app.addRoutes(routes);
  app.router.addGet("/", function* () {
    throw new web.HTTPFound("/index.html");
  });
  app.router.addStatic("/", options.publicDir ?? fileURLToPath(new URL("../public", import.meta.url)));
  return app;
}
