/**
 * The local server both sides of the HTTP differential pairs talk to (aiohttp in Python, @aio/http
 * in TypeScript): fixed answers, no Date header, on 127.0.0.1. Its URL reaches the programs as
 * AIO_FIXTURE_URL.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { deflateSync, gzipSync } from "node:zlib";

function bodyOf(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve) => {
    const parts: Buffer[] = [];
    req.on("data", (c: Buffer) => parts.push(c));
    req.on("end", () => resolve(Buffer.concat(parts)));
  });
}

const TEXT = "안녕하세요, aiohttp — 파이썬\n둘째 줄\n";
let inFlight = 0;
let peak = 0;

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  res.sendDate = false;
  const url = new URL(req.url ?? "/", "http://fixture");
  const path = url.pathname;
  const send = (
    status: number,
    type: string,
    body: string | Buffer,
    headers: Record<string, string | string[]> = {},
    reason?: string,
  ) => {
    const data = typeof body === "string" ? Buffer.from(body) : body;
    res.writeHead(status, reason ?? undefined, {
      "Content-Type": type,
      "Content-Length": String(data.length),
      ...headers,
    });
    res.end(data);
  };
  if (path === "/text")
    return send(200, `text/plain; charset=${url.searchParams.get("charset") ?? "utf-8"}`, Buffer.from(TEXT));
  if (path === "/latin1") return send(200, "text/plain; charset=iso-8859-1", Buffer.from("café", "latin1"));
  if (path === "/nocharset") return send(200, "text/plain", Buffer.from("plain ascii"));
  if (path === "/html") return send(200, "text/html; charset=utf-8", "<p>html, not json</p>");
  if (path === "/json")
    return send(
      200,
      "application/json",
      JSON.stringify({ name: "aio", list: [1, 2.5, "삼"], nested: { ok: true } }),
    );
  if (path === "/reason") return send(200, "text/plain", "fine", {}, "Fine Thanks");
  if (path.startsWith("/status/"))
    return send(Number(path.slice(8)), "text/plain", `status ${path.slice(8)}`);
  if (path === "/headers")
    return send(200, "text/plain", "h", { "X-Multi": ["one", "two"], "X-Single": "solo" });
  if (path === "/echo") {
    const body = await bodyOf(req);
    const type = req.headers["content-type"] ?? null;
    let form: unknown = null;
    if (typeof type === "string" && type.startsWith("multipart/form-data")) {
      const fd = await new Response(body, { headers: { "content-type": type } }).formData();
      form = await Promise.all(
        [...fd.entries()].map(async ([k, v]) =>
          typeof v === "string" ? [k, v] : [k, v.name, v.type, Buffer.from(await v.arrayBuffer()).toString()],
        ),
      );
    }
    return send(
      200,
      "application/json",
      JSON.stringify({
        method: req.method,
        path,
        query: [...url.searchParams],
        contentType: typeof type === "string" && type.startsWith("multipart/") ? "multipart/form-data" : type,
        cookie: req.headers.cookie ?? null,
        authorization: req.headers.authorization ?? null,
        body: form === null ? body.toString() : null,
        form,
        chunked: req.headers["transfer-encoding"] === "chunked",
      }),
    );
  }
  if (path.startsWith("/redirect/")) {
    const n = Number(path.slice(10));
    res.writeHead(302, { Location: n <= 1 ? "/echo" : `/redirect/${n - 1}`, "Content-Length": "0" });
    return void res.end();
  }
  if (path === "/see-other") {
    await bodyOf(req);
    res.writeHead(303, { Location: "/echo?from=303", "Content-Length": "0" });
    return void res.end();
  }
  if (path === "/temporary") {
    await bodyOf(req);
    res.writeHead(307, { Location: "/echo?from=307", "Content-Length": "0" });
    return void res.end();
  }
  if (path === "/loop") {
    res.writeHead(302, { Location: "/loop", "Content-Length": "0" });
    return void res.end();
  }
  if (path === "/cookies/set") {
    const cookies = [...url.searchParams].map(([k, v]) => `${k}=${v}; Path=/`);
    return send(200, "text/plain", "set", { "Set-Cookie": cookies });
  }
  if (path === "/cookies/expire")
    return send(200, "text/plain", "gone", {
      "Set-Cookie": `${url.searchParams.get("name")}=; Max-Age=0; Path=/`,
    });
  if (path === "/gzip")
    return send(200, "text/plain; charset=utf-8", gzipSync(TEXT), { "Content-Encoding": "gzip" });
  if (path === "/deflate")
    return send(200, "text/plain; charset=utf-8", deflateSync(TEXT), { "Content-Encoding": "deflate" });
  if (path === "/lines") {
    res.writeHead(200, { "Content-Type": "text/plain" });
    res.write("first line\nsecond ");
    setTimeout(() => {
      res.write("line\nthird");
      setTimeout(() => res.end(" line\nno newline at the end"), 10);
    }, 10);
    return;
  }
  if (path.startsWith("/bytes/")) {
    const n = Number(path.slice(7));
    const data = Buffer.alloc(n);
    for (let i = 0; i < n; i++) data[i] = i % 251;
    return send(200, "application/octet-stream", data);
  }
  if (path === "/slow") {
    setTimeout(() => send(200, "text/plain", "slow answer"), Number(url.searchParams.get("ms") ?? "500"));
    return;
  }
  if (path === "/slow-body") {
    res.writeHead(200, { "Content-Type": "text/plain", "Content-Length": "20" });
    res.write("start ");
    setTimeout(() => res.end("and the end!!"), Number(url.searchParams.get("ms") ?? "500"));
    return;
  }
  if (path === "/close") return void req.socket.destroy();
  if (path === "/short") {
    res.writeHead(200, { "Content-Type": "text/plain", "Content-Length": "100" });
    res.write("only this");
    setTimeout(() => req.socket.destroy(), 20);
    return;
  }
  if (path === "/count") {
    inFlight++;
    peak = Math.max(peak, inFlight);
    setTimeout(() => {
      inFlight--;
      send(200, "text/plain", String(peak));
    }, 40);
    return;
  }
  if (path === "/count/reset") {
    peak = 0;
    return send(200, "text/plain", "reset");
  }
  send(404, "text/plain", "no such route");
}

/** Starts the fixture on 127.0.0.1 (an ephemeral port). */
export async function start(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      res.destroy(err as Error);
    });
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
