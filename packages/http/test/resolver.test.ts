/**
 * A connector's own name resolution (aiohttp's AbstractResolver as TCPConnector's `resolver`): the
 * first address it gives is connected to, the URL's host still the request's (Host header, TLS
 * server name); what it fails with is aiohttp's ClientConnectorError.
 */
import { OSError } from "@aio/fs";
import { type Coro, using } from "@aio/task";
import { describe, expect, it } from "vitest";
import {
  AbstractResolver,
  ClientConnectorCertificateError,
  ClientConnectorError,
  ClientSession,
  type ResolvedHost,
  TCPConnector,
  web,
} from "../src/index.js";
import { catching, inLoop } from "./servers.js";
import { caPem, serverTls } from "./tls-certs.js";

/** Sends every name to `server`, and remembers what it was asked. */
class ToServer extends AbstractResolver {
  readonly asked: [string, number, number][] = [];
  constructor(readonly server: () => web.TestServer) {
    super();
  }
  *resolve(host: string, port: number, family: number): Coro<ResolvedHost[]> {
    this.asked.push([host, port, family]);
    const s = this.server();
    return [{ hostname: host, host: s.host, port: s.port, family: 2, proto: 0, flags: 0 }];
  }
  *close(): Coro<void> {}
}

function hostApp(): web.Application {
  const app = new web.Application();
  app.router.addGet("/", function* (request) {
    return new web.Response({ text: `${request.scheme} ${request.host}` });
  });
  return app;
}

describe("TCPConnector's resolver", () => {
  it("connects where the resolver says, the request still for its host", async () => {
    const got = await inLoop(() =>
      using(new web.TestServer(hostApp()), function* (server) {
        const resolver = new ToServer(() => server);
        const connector = new TCPConnector({ resolver });
        const text = yield* using(new ClientSession({ connector }), (s) =>
          using(s.get("http://example.test/"), (r) => r.text()),
        );
        return { text, asked: resolver.asked };
      }),
    );
    expect(got.text).toBe("http example.test");
    expect(got.asked).toEqual([["example.test", 80, 0]]);
  });

  it("https: the certificate is checked for the URL's host, not the address", async () => {
    const got = await inLoop(() =>
      using(new web.TestServer(hostApp(), { ssl: serverTls }), function* (server) {
        const connector = new TCPConnector({ resolver: new ToServer(() => server), ssl: { ca: caPem } });
        return yield* using(new ClientSession({ connector }), function* (s) {
          const ok = yield* using(s.get("https://localhost/"), (r) => r.text());
          const other = yield* catching(s.get("https://example.test/"));
          return { ok, other };
        });
      }),
    );
    expect(got.ok).toBe("https localhost");
    expect(got.other).toBeInstanceOf(ClientConnectorCertificateError);
    expect((got.other as Error).message).toMatch(
      /^Cannot connect to host example\.test:443 ssl:True \[ERR_TLS_CERT_ALTNAME_INVALID: /,
    );
  });

  it("an OS error of the resolver's, or no address, is a ClientConnectorError; a resolver needs resolve()", async () => {
    class Failing extends AbstractResolver {
      *resolve(): Coro<ResolvedHost[]> {
        throw new OSError(-2, "Name or service not known");
      }
      *close(): Coro<void> {}
    }
    class Empty extends AbstractResolver {
      *resolve(): Coro<ResolvedHost[]> {
        return [];
      }
      *close(): Coro<void> {}
    }
    const errors = await inLoop(function* () {
      const out: unknown[] = [];
      for (const resolver of [new Failing(), new Empty()])
        out.push(
          yield* using(new ClientSession({ connector: new TCPConnector({ resolver }) }), (s) =>
            catching(s.get("http://nowhere.test:8080/")),
          ),
        );
      return out;
    });
    expect(errors[0]).toBeInstanceOf(ClientConnectorError);
    expect((errors[0] as Error).message).toBe(
      "Cannot connect to host nowhere.test:8080 ssl:default [Name or service not known]",
    );
    expect(errors[1]).toBeInstanceOf(ClientConnectorError);
    expect((errors[1] as Error).message).toBe(
      "Cannot connect to host nowhere.test:8080 ssl:default [the resolver gave no address to connect to ([])]",
    );
    expect(() => new TCPConnector({ resolver: { resolve: 1 } as never })).toThrow(
      new TypeError("TCPConnector resolver must be an AbstractResolver (with resolve()), got {'resolve': 1}"),
    );
    // as aiohttp's: any object with the methods will do
    expect(new TCPConnector({ resolver: { *resolve() {}, *close() {} } as never }).resolver).not.toBeNull();
  });
});
