/**
 * TLS on both sides: the server's (a site's `sslContext`, runApp's, TestServer's `ssl`) and the
 * client's (a connector's or a request's `ssl`: verification, node:tls options, certificate pinning
 * with `Fingerprint`), with aiohttp 3.8.4's classes and texts for what fails.
 */
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { createSecureContext } from "node:tls";
import { fileURLToPath } from "node:url";
import { getRunningLoop, repr } from "@aio/loop";
import { type Coro, using } from "@aio/task";
import { describe, expect, it } from "vitest";
import {
  ClientConnectionError,
  ClientConnectorCertificateError,
  ClientConnectorError,
  ClientConnectorSSLError,
  ClientError,
  ClientSession,
  ClientSSLError,
  Fingerprint,
  ServerConnectionError,
  ServerFingerprintMismatch,
  TCPConnector,
  web,
} from "../src/index.js";
import { catching, inLoop } from "./servers.js";
import { caPem, serverCertSha256, serverTls } from "./tls-certs.js";

function helloApp(): web.Application {
  const app = new web.Application();
  app.router.addGet("/", function* (request) {
    return new web.Response({ text: `hello over ${request.scheme}` });
  });
  return app;
}

/** `body(site)` with `app` served on a TCPSite of 127.0.0.1 with `options`. */
function withSite<T>(
  app: web.Application,
  options: web.SiteOptions,
  body: (site: web.TCPSite) => Coro<T>,
): Promise<T> {
  return inLoop(function* () {
    const runner = new web.AppRunner(app);
    yield* runner.setup();
    try {
      const site = new web.TCPSite(runner, "127.0.0.1", 0, options);
      yield* site.start();
      return yield* body(site);
    } finally {
      yield* runner.cleanup();
    }
  });
}

function* getText(session: ClientSession, url: string, options = {}): Coro<string> {
  return yield* using(session.get(url, options), (r) => r.text());
}

describe("server TLS", () => {
  it("TCPSite with an sslContext of { key, cert } serves https, named https://", async () => {
    const got = await withSite(helloApp(), { sslContext: serverTls }, function* (site) {
      const connector = new TCPConnector({ ssl: { ca: caPem } });
      const text = yield* using(new ClientSession({ connector }), (s) => getText(s, `${site.name}/`));
      return { name: site.name, scheme: site.scheme, text };
    });
    expect(got.name).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(got.scheme).toBe("https");
    expect(got.text).toBe("hello over https");
  });

  it("TCPSite with a tls.SecureContext; without one it is http as before", async () => {
    const secure = await withSite(helloApp(), { sslContext: createSecureContext(serverTls) }, (site) =>
      using(new ClientSession({ connector: new TCPConnector({ ssl: false }) }), (s) =>
        getText(s, `${site.name}/`),
      ),
    );
    expect(secure).toBe("hello over https");
    const plain = await withSite(helloApp(), {}, function* (site) {
      expect(site.scheme).toBe("http");
      return yield* using(new ClientSession(), (s) => getText(s, `${site.name}/`));
    });
    expect(plain).toBe("hello over http");
  });

  it("a site's and TestServer's options are checked: unknown keys, an sslContext without a certificate", async () => {
    await inLoop(function* () {
      const runner = new web.AppRunner(helloApp());
      yield* runner.setup();
      expect(() => new web.TCPSite(runner, "127.0.0.1", 0, { ssl: serverTls } as never)).toThrow(
        new TypeError("TCPSite() got an unexpected keyword argument 'ssl'"),
      );
      expect(() => new web.TCPSite(runner, "127.0.0.1", 0, { sslContext: "cert.pem" as never })).toThrow(
        TypeError,
      );
      expect(() => new web.TCPSite(runner, "127.0.0.1", 0, { sslContext: { ca: caPem } })).toThrow(
        "sslContext needs a certificate",
      );
      yield* runner.cleanup();
    });
    expect(() => new web.TestServer(helloApp(), { sslContext: serverTls } as never)).toThrow(
      new TypeError("TestServer() got an unexpected keyword argument 'sslContext'"),
    );
    expect(() => web.runApp(helloApp(), { ssl: serverTls } as never)).toThrow(TypeError);
  });

  it("TestServer with ssl: https URLs, scheme 'https'; TestClient requests go there", async () => {
    const got = await inLoop(() =>
      using(new web.TestServer(helloApp(), { ssl: serverTls }), function* (server) {
        const connector = new TCPConnector({ ssl: { ca: caPem } });
        const text = yield* using(new web.TestClient(server, { connector }), function* (client) {
          return yield* using(client.get("/"), (r) => r.text());
        });
        return { scheme: server.scheme, url: server.makeUrl("/a"), text };
      }),
    );
    expect(got.scheme).toBe("https");
    expect(got.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/a$/);
    expect(got.text).toBe("hello over https");
  });

  it("runApp with an sslContext serves https and says so", async () => {
    const script = join(dirname(fileURLToPath(import.meta.url)), "fixtures", "run-app-tls.ts");
    const child = spawn(
      process.execPath,
      ["--no-warnings", "--conditions=aio-source", "--import", "tsx", script],
      {
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    try {
      const deadline = Date.now() + 30_000;
      while (!out.includes("(Press CTRL+C to quit)") && child.exitCode === null && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 20));
      const url = /Running on (https:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      expect(url).toBeDefined();
      const text = await inLoop(() =>
        using(new ClientSession({ connector: new TCPConnector({ ssl: { ca: caPem } }) }), (s) =>
          getText(s, `${url}/`),
        ),
      );
      expect(text).toBe("hello over https");
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exited).toBe(0);
  });
});

describe("client TLS", () => {
  it("a certificate no CA vouches for: ClientConnectorCertificateError, a ClientSSLError, with aiohttp's text", async () => {
    const err = await inLoop(() =>
      using(new web.TestServer(helloApp(), { ssl: serverTls }), (server) =>
        using(new ClientSession(), (s) => catching(s.get(server.makeUrl("/")))),
      ),
    );
    expect(err).toBeInstanceOf(ClientConnectorCertificateError);
    expect(err).toBeInstanceOf(ClientSSLError);
    expect(err).toBeInstanceOf(ClientConnectorError);
    expect(err).toBeInstanceOf(ClientConnectionError);
    const e = err as ClientConnectorCertificateError;
    expect(e.message).toMatch(
      /^Cannot connect to host 127\.0\.0\.1:\d+ ssl:True \[UNABLE_TO_VERIFY_LEAF_SIGNATURE: unable to verify the first certificate\]$/,
    );
    expect(e.certificateError).toMatchObject({ code: "UNABLE_TO_VERIFY_LEAF_SIGNATURE" });
    expect([e.host, e.ssl]).toEqual(["127.0.0.1", true]);
  });

  it("https to a plain http server: ClientConnectorSSLError", async () => {
    const err = await inLoop(() => {
      // (the server logs the ClientHello it cannot parse as a malformed request)
      getRunningLoop().setExceptionHandler(() => {});
      return using(new web.TestServer(helloApp()), (server) =>
        using(new ClientSession(), (s) => catching(s.get(server.makeUrl("/").replace("http:", "https:")))),
      );
    });
    expect(err).toBeInstanceOf(ClientConnectorSSLError);
    expect(err).toBeInstanceOf(ClientSSLError);
    expect((err as Error).message).toMatch(/ssl:default \[.*wrong version number.*\]$/);
  });

  it("Fingerprint: sha256 only, in aiohttp's words", () => {
    expect(new Fingerprint(serverCertSha256).fingerprint).toEqual(serverCertSha256);
    expect(() => new Fingerprint(Buffer.alloc(16))).toThrow(
      new RangeError("md5 and sha1 are insecure and not supported. Use sha256."),
    );
    expect(() => new Fingerprint(Buffer.alloc(20))).toThrow(
      new RangeError("md5 and sha1 are insecure and not supported. Use sha256."),
    );
    expect(() => new Fingerprint(Buffer.alloc(31))).toThrow(new RangeError("fingerprint has invalid length"));
    expect(() => new Fingerprint(Buffer.alloc(64))).toThrow(new RangeError("fingerprint has invalid length"));
    expect(() => new Fingerprint("ab".repeat(32) as never)).toThrow(TypeError);
  });

  it("a connector's Fingerprint: the pinned certificate passes unverified, another is ServerFingerprintMismatch", async () => {
    const got = await inLoop(() =>
      using(new web.TestServer(helloApp(), { ssl: serverTls }), function* (server) {
        const ok = yield* using(
          new ClientSession({ connector: new TCPConnector({ ssl: new Fingerprint(serverCertSha256) }) }),
          (s) => getText(s, server.makeUrl("/")),
        );
        const bad = Buffer.alloc(32, 7);
        const err = yield* using(
          new ClientSession({ connector: new TCPConnector({ ssl: new Fingerprint(bad) }) }),
          (s) => catching(s.get(server.makeUrl("/"))),
        );
        return { ok, err, bad, port: server.port };
      }),
    );
    expect(got.ok).toBe("hello over https");
    const e = got.err as ServerFingerprintMismatch;
    expect(e).toBeInstanceOf(ServerFingerprintMismatch);
    expect(e).toBeInstanceOf(ServerConnectionError);
    expect(e).toBeInstanceOf(ClientConnectionError);
    expect(e).toBeInstanceOf(ClientError);
    expect([e.expected, e.got, e.host, e.port]).toEqual([got.bad, serverCertSha256, "127.0.0.1", got.port]);
    expect(e.message).toBe(`(b'${"\\x07".repeat(32)}', ${repr(serverCertSha256)}, '127.0.0.1', ${got.port})`);
  });

  it("a request's ssl: its own TLS beside the connector's (verify, pin, skip), checked", async () => {
    const got = await inLoop(() =>
      using(new web.TestServer(helloApp(), { ssl: serverTls }), function* (server) {
        const url = server.makeUrl("/");
        return yield* using(new ClientSession(), function* (s) {
          const refused = yield* catching(s.get(url));
          const withCa = yield* getText(s, url, { ssl: { ca: caPem } });
          const pinned = yield* getText(s, url, { ssl: new Fingerprint(serverCertSha256) });
          const mismatch = yield* catching(s.get(url, { ssl: new Fingerprint(Buffer.alloc(32)) }));
          const unverified = yield* getText(s, url, { ssl: false });
          // the connector's own TLS is unchanged
          const refusedAgain = yield* catching(s.get(url));
          return { refused, withCa, pinned, mismatch, unverified, refusedAgain };
        });
      }),
    );
    expect(got.refused).toBeInstanceOf(ClientConnectorCertificateError);
    expect(got.withCa).toBe("hello over https");
    expect(got.pinned).toBe("hello over https");
    expect(got.mismatch).toBeInstanceOf(ServerFingerprintMismatch);
    expect(got.unverified).toBe("hello over https");
    expect(got.refusedAgain).toBeInstanceOf(ClientConnectorCertificateError);
  });

  it("a request sent with Expect: 100-continue (node:http underneath) is pinned and verified the same", async () => {
    const app = new web.Application();
    app.router.addPost("/", function* (request) {
      return new web.Response({ text: `got ${(yield* request.text()).length} over ${request.scheme}` });
    });
    const got = await inLoop(() =>
      using(new web.TestServer(app, { ssl: serverTls }), function* (server) {
        const url = server.makeUrl("/");
        return yield* using(new ClientSession(), function* (s) {
          const post = (ssl?: Fingerprint | { ca: string }) =>
            s.post(url, { data: "abc", expect100: true, ...(ssl === undefined ? {} : { ssl }) });
          const pinned = yield* using(post(new Fingerprint(serverCertSha256)), (r) => r.text());
          const mismatch = yield* catching(post(new Fingerprint(Buffer.alloc(32))));
          const withCa = yield* using(post({ ca: caPem }), (r) => r.text());
          const refused = yield* catching(post());
          return { pinned, mismatch, withCa, refused };
        });
      }),
    );
    expect(got.pinned).toBe("got 3 over https");
    expect(got.mismatch).toBeInstanceOf(ServerFingerprintMismatch);
    expect(got.withCa).toBe("got 3 over https");
    expect(got.refused).toBeInstanceOf(ClientConnectorCertificateError);
  });

  it("ssl that is none of a boolean, node:tls options, a Fingerprint: a TypeError; an unknown option still one", async () => {
    expect(() => new TCPConnector({ ssl: "yes" as never })).toThrow(
      new TypeError("TCPConnector ssl must be a boolean, node:tls options or a Fingerprint, got 'yes'"),
    );
    expect(() => new TCPConnector({ sslContext: {} } as never)).toThrow(
      new TypeError("TCPConnector() got an unexpected keyword argument 'sslContext'"),
    );
    const errors = await inLoop(() =>
      using(new ClientSession(), function* (s) {
        const out: unknown[] = [];
        for (const options of [
          { ssl: 1 },
          { ssl: null },
          { verify_ssl: false },
          { fingerprint: serverCertSha256 },
        ])
          try {
            s.get("https://127.0.0.1:9/", options as never); // refused before anything is sent
          } catch (err) {
            out.push(err);
          }
        return out;
      }),
    );
    expect(errors.map((e) => [(e as Error).constructor.name, (e as Error).message])).toEqual([
      ["TypeError", "ssl must be a boolean, node:tls options or a Fingerprint, got 1"],
      ["TypeError", "ssl must be a boolean, node:tls options or a Fingerprint, got None"],
      ["TypeError", "request() got an unexpected keyword argument 'verify_ssl'"],
      ["TypeError", "request() got an unexpected keyword argument 'fingerprint'"],
    ]);
  });

  it("a WebSocket through a pinned connector is pinned too", async () => {
    const app = new web.Application();
    app.router.addGet("/ws", function* (request) {
      const ws = new web.WebSocketResponse();
      yield* ws.prepare(request);
      yield* ws.sendStr("hi");
      yield* ws.close();
      return ws;
    });
    const got = await inLoop(() =>
      using(new web.TestServer(app, { ssl: serverTls }), function* (server) {
        const url = server.makeUrl("/ws");
        const ok = yield* using(
          new ClientSession({ connector: new TCPConnector({ ssl: new Fingerprint(serverCertSha256) }) }),
          (s) =>
            using(s.wsConnect(url), function* (ws) {
              return (yield* ws.receive()).data;
            }),
        );
        const err = yield* using(
          new ClientSession({ connector: new TCPConnector({ ssl: new Fingerprint(Buffer.alloc(32)) }) }),
          (s) => catching(s.wsConnect(url)),
        );
        return { ok, err };
      }),
    );
    expect(got.ok).toBe("hi");
    expect(got.err).toBeInstanceOf(ServerFingerprintMismatch);
  });
});
