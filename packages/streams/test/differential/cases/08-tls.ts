import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Print, py } from "@aio/differential";
import { OSError } from "@aio/fs";
import { repr } from "@aio/loop";
import { type Coro, run } from "@aio/task";
import {
  openConnection,
  type PeerCert,
  type ServerSocket,
  SSLCertVerificationError,
  SSLError,
  type SSLObject,
  type StreamReader,
  type StreamWriter,
  startServer,
} from "../../../src/index.js";
import { selfSignedIn } from "../../certificate.js";

/** Python's repr of nested tuples (arrays here). */
function tup(x: unknown): string {
  if (!Array.isArray(x)) return repr(x);
  if (x.length === 1) return `(${tup(x[0])},)`;
  return `(${x.map(tup).join(", ")})`;
}

function* echo(reader: StreamReader, writer: StreamWriter): Coro<void> {
  const data = yield* reader.readline();
  writer.write(Buffer.from(data.toString("latin1").toUpperCase(), "latin1"));
  yield* writer.drain();
  writer.close();
}

export default async function (print: Print) {
  const d = mkdtempSync(join(tmpdir(), "aio-diff-tls-"));
  try {
    const { key, cert } = selfSignedIn(d);
    await run(
      (function* () {
        const server = yield* startServer(echo, "127.0.0.1", 0, { ssl: { key, cert } });
        const [, port] = (server.sockets[0] as ServerSocket).getsockname() as [string, number];
        const [reader, writer] = yield* openConnection("127.0.0.1", port, {
          ssl: { ca: cert },
          serverHostname: "localhost",
        });
        const peercert = writer.getExtraInfo<PeerCert>("peercert") as PeerCert;
        print("subject:", tup(peercert.subject));
        print("issuer:", tup(peercert.issuer));
        print("version:", peercert.version, "subjectAltName:", tup(peercert.subjectAltName));
        const cipher = writer.getExtraInfo<[string, string, number]>("cipher") as [string, string, number];
        print(
          "cipher:",
          Array.isArray(cipher) ? "tuple" : typeof cipher,
          cipher.length,
          cipher[1],
          cipher[2],
        );
        const sslobj = writer.getExtraInfo<SSLObject>("ssl_object") as SSLObject;
        print(
          "ssl_object:",
          sslobj.version(),
          py(JSON.stringify(sslobj.cipher()) === JSON.stringify(cipher)),
          py(JSON.stringify(sslobj.getpeercert()) === JSON.stringify(peercert)),
          sslobj.compression() === null ? "None" : sslobj.compression(),
        );
        print("can_write_eof:", py(writer.canWriteEof()));
        writer.write("secret line\n");
        print(repr(yield* reader.readline()));
        print("eof:", repr(yield* reader.read()));
        writer.close();
        yield* writer.waitClosed();

        // A client that does not trust the certificate
        try {
          yield* openConnection("127.0.0.1", port, { ssl: true, serverHostname: "localhost" });
        } catch (e) {
          if (!(e instanceof SSLCertVerificationError)) throw e;
          print(e.name, py(e instanceof SSLError), py(e instanceof OSError), e.reason, e.verifyMessage);
        }
        // One that trusts it, for another name
        try {
          yield* openConnection("127.0.0.1", port, { ssl: { ca: cert }, serverHostname: "example.com" });
        } catch (e) {
          if (!(e instanceof SSLCertVerificationError)) throw e;
          print(e.name, e.reason, e.verifyMessage);
        }
        server.close();
        yield* server.waitClosed();
      })(),
    );
  } finally {
    rmSync(d, { recursive: true, force: true });
  }
}
