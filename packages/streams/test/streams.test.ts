import { execFileSync, spawnSync } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { closeSync, constants as fsConstants, openSync, readSync, writeFileSync, writeSync } from "node:fs";
import { createServer as createNetServer, connect as netConnect, type Socket } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  BrokenPipeError,
  ConnectionError,
  ConnectionRefusedError,
  ConnectionResetError,
  OSError,
} from "@aio/fs";
import type { Future } from "@aio/future";
import { getRunningLoop } from "@aio/loop";
import { type Coro, createTask, fromPromise, gather, sleep, waitFor } from "@aio/task";
import { describe, expect, it } from "vitest";
import {
  BufferedProtocol,
  CertificateError,
  connectReadPipe,
  connectWritePipe,
  createConnection,
  GaiError,
  IncompleteReadError,
  openConnection,
  openUnixConnection,
  type PeerCert,
  Protocol,
  SSLCertVerificationError,
  SSLError,
  type SSLObject,
  SSLProtocolTransport,
  StreamReader,
  StreamReaderProtocol,
  type StreamWriter,
  startServer,
  startUnixServer,
} from "../src/index.js";
import { inLoop, scratch, selfSigned } from "./helpers.js";

function* echo(reader: StreamReader, writer: StreamWriter) {
  for (;;) {
    const line = yield* reader.readline();
    if (line.length === 0) break;
    writer.write(line);
    yield* writer.drain();
  }
  writer.close();
  yield* writer.waitClosed();
}

function portOf(server: { sockets: { getsockname(): unknown }[] }): number {
  const socket = server.sockets[0];
  if (socket === undefined) throw new Error("the server has no socket");
  return (socket.getsockname() as [string, number])[1];
}

describe("openConnection and startServer", () => {
  it("echoes lines between a client and a server on 127.0.0.1, with Python's addresses", async () => {
    await inLoop(function* () {
      const server = yield* startServer(echo, "127.0.0.1", 0);
      const port = portOf(server);
      expect(server.sockets[0]?.getsockname()).toEqual(["127.0.0.1", port]);
      expect(server.isServing()).toBe(true);
      const [reader, writer] = yield* openConnection("127.0.0.1", port);
      expect(writer.getExtraInfo("peername")).toEqual(["127.0.0.1", port]);
      const sockname = writer.getExtraInfo<[string, number]>("sockname");
      expect(sockname?.[0]).toBe("127.0.0.1");
      expect(writer.getExtraInfo("nope", 42)).toBe(42);
      writer.write("hello\n");
      writer.writelines([Buffer.from("wor"), "ld\n"]);
      yield* writer.drain();
      expect((yield* reader.readline()).toString()).toBe("hello\n");
      expect((yield* reader.readline()).toString()).toBe("world\n");
      expect(writer.canWriteEof()).toBe(true);
      writer.writeEof();
      expect((yield* reader.read()).length).toBe(0);
      expect(reader.atEof()).toBe(true);
      writer.close();
      yield* writer.waitClosed();
      expect(writer.isClosing()).toBe(true);
      server.close();
      yield* server.waitClosed();
      expect(server.sockets).toEqual([]);
      expect(server.isServing()).toBe(false);
    });
  });

  it("runs a coroutine function per connection as its own Task, many at once", async () => {
    await inLoop(function* () {
      let connections = 0;
      const server = yield* startServer(
        function* (reader, writer) {
          connections++;
          const n = Number((yield* reader.readline()).toString());
          yield* sleep(0.01);
          writer.write(`${n * 2}\n`);
          yield* writer.drain();
          writer.close();
        },
        "127.0.0.1",
        0,
      );
      const port = portOf(server);
      const answers = yield* gather(
        ...Array.from({ length: 50 }, (_, i) =>
          (function* () {
            const [reader, writer] = yield* openConnection("127.0.0.1", port);
            writer.write(`${i}\n`);
            const line = (yield* reader.readline()).toString();
            writer.close();
            yield* writer.waitClosed();
            return Number(line);
          })(),
        ),
      );
      expect(answers).toEqual(Array.from({ length: 50 }, (_, i) => i * 2));
      expect(connections).toBe(50);
      server.close();
      yield* server.waitClosed();
    });
  });

  it("raises ConnectionRefusedError with Python's text when nothing listens", async () => {
    await inLoop(function* () {
      const server = yield* startServer(echo, "127.0.0.1", 0);
      const port = portOf(server);
      server.close();
      yield* server.waitClosed();
      let caught: unknown;
      try {
        yield* openConnection("127.0.0.1", port);
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(ConnectionRefusedError);
      expect(caught).toBeInstanceOf(OSError);
      expect((caught as OSError).errno).toBe(111);
      expect((caught as Error).message).toBe(`[Errno 111] Connect call failed ('127.0.0.1', ${port})`);
    });
  });

  it("a host that does not resolve raises socket.gaierror [Errno -2], as open_connection does", async () => {
    await inLoop(function* () {
      let caught: unknown;
      try {
        yield* openConnection("no-such-host.invalid", 80);
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(GaiError);
      expect((caught as Error).message).toBe("[Errno -2] Name or service not known");
    });
  });

  it("readexactly raises IncompleteReadError with what came when the peer half-closes early", async () => {
    await inLoop(function* () {
      const server = yield* startServer(
        function* (_reader, writer) {
          writer.write("abc");
          writer.writeEof();
          yield* writer.drain();
        },
        "127.0.0.1",
        0,
      );
      const [reader, writer] = yield* openConnection("127.0.0.1", portOf(server));
      let caught: unknown;
      try {
        yield* reader.readexactly(10);
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(IncompleteReadError);
      expect((caught as IncompleteReadError).partial.toString()).toBe("abc");
      expect((caught as IncompleteReadError).expected).toBe(10);
      expect((caught as Error).message).toBe("3 bytes read on a total of 10 expected bytes");
      // The server's side is still open for reading after its half-close: it gets what we send.
      writer.close();
      yield* writer.waitClosed();
      server.close();
      yield* server.waitClosed();
    });
  });

  it("drain() waits while the peer does not read, and returns once it reads", async () => {
    await inLoop(function* () {
      let release: (() => void) | null = null;
      const received: number[] = [];
      const server = yield* startServer(
        function* (reader, writer) {
          // Read nothing until told.
          yield* waitFor(
            (function* () {
              while (release === null) yield* sleep(0.01);
            })(),
            10,
          );
          for (;;) {
            const chunk = yield* reader.read(65536);
            if (chunk.length === 0) break;
            received.push(chunk.length);
          }
          writer.close();
        },
        "127.0.0.1",
        0,
      );
      const [, writer] = yield* openConnection("127.0.0.1", portOf(server));
      writer.transport.setWriteBufferLimits(1024);
      const big = Buffer.alloc(1024 * 1024, 1);
      let sent = 0;
      // Fill the kernel's buffers and ours until drain() has to wait.
      let blocked = false;
      for (let i = 0; i < 64 && !blocked; i++) {
        writer.write(big);
        sent += big.length;
        const d = createTask(writer.drain());
        yield* sleep(0.05);
        if (!d.done()) {
          blocked = true;
          expect(writer.transport.getWriteBufferSize()).toBeGreaterThan(1024);
          release = () => {};
          yield* d;
        } else yield* d;
      }
      expect(blocked).toBe(true);
      expect(writer.transport.getWriteBufferSize()).toBeLessThanOrEqual(1024);
      writer.writeEof();
      yield* sleep(0);
      server.close();
      writer.close();
      yield* writer.waitClosed();
      yield* waitFor(server.waitClosed(), 10);
      expect(received.reduce((a, b) => a + b, 0)).toBe(sent);
    });
  });

  it("write(); drain() on a connection the peer closed fails with a ConnectionError (never hangs)", async () => {
    // Which ConnectionError depends on when the system reports the loss, in CPython too: a drain()
    // that meets the loss in its sleep(0) raises ConnectionResetError("Connection lost"); a later
    // one raises the reader's error, here the write's EPIPE (BrokenPipeError).
    await inLoop(function* () {
      const server = yield* startServer(
        function* (_reader, writer) {
          writer.transport.abort();
        },
        "127.0.0.1",
        0,
      );
      const [reader, writer] = yield* openConnection("127.0.0.1", portOf(server));
      expect((yield* reader.read()).length).toBe(0);
      let caught: unknown;
      for (let i = 0; i < 100 && caught === undefined; i++) {
        try {
          writer.write("x");
          yield* writer.drain();
          yield* sleep(0.01);
        } catch (err) {
          caught = err;
        }
      }
      expect(caught).toBeInstanceOf(ConnectionError);
      expect(caught instanceof BrokenPipeError || caught instanceof ConnectionResetError).toBe(true);
      server.close();
      yield* server.waitClosed();
    });
  });

  it("a drain() blocked on a peer that resets raises ConnectionResetError [Errno 104], and so does a read (CPython 3.12's)", async () => {
    await inLoop(function* () {
      let reset = false;
      const server = yield* startServer(
        function* (_reader, writer) {
          while (!reset) yield* sleep(0.01);
          writer.transport.abort();
        },
        "127.0.0.1",
        0,
      );
      const [reader, writer] = yield* openConnection("127.0.0.1", portOf(server));
      writer.transport.setWriteBufferLimits(1024);
      const big = Buffer.alloc(1 << 20, 120);
      let drainError: unknown;
      for (let i = 0; i < 64; i++) {
        writer.write(big);
        const d = createTask(writer.drain());
        yield* sleep(0.05);
        if (!d.done()) {
          reset = true;
          try {
            yield* d;
          } catch (err) {
            drainError = err;
          }
          break;
        }
      }
      expect(drainError).toBeInstanceOf(ConnectionResetError);
      expect((drainError as Error).message).toBe("[Errno 104] Connection reset by peer");
      let readError: unknown;
      try {
        yield* reader.read();
      } catch (err) {
        readError = err;
      }
      expect(readError).toBe(drainError);
      server.close();
      yield* server.waitClosed();
    });
  });

  it("server.waitClosed() waits for the connections too; closeClients() ends them", async () => {
    await inLoop(function* () {
      const server = yield* startServer(
        function* (reader) {
          yield* reader.read();
        },
        "127.0.0.1",
        0,
      );
      const [reader, writer] = yield* openConnection("127.0.0.1", portOf(server));
      yield* sleep(0.05);
      server.close();
      const closed = createTask(server.waitClosed());
      yield* sleep(0.05);
      expect(closed.done()).toBe(false);
      server.closeClients();
      yield* waitFor(closed, 5);
      expect((yield* reader.read()).length).toBe(0);
      writer.close();
      yield* writer.waitClosed();
    });
  });

  it("serveForever() serves until cancelled, then closes the server", async () => {
    await inLoop(function* () {
      const server = yield* startServer(echo, "127.0.0.1", 0, { startServing: false });
      expect(server.isServing()).toBe(false);
      const port = portOf(server);
      const serving = createTask(server.serveForever());
      yield* sleep(0);
      expect(server.isServing()).toBe(true);
      let again: unknown;
      try {
        yield* server.serveForever();
      } catch (err) {
        again = err;
      }
      expect((again as Error).message).toMatch(
        /^server <Server sockets=.*> is already being awaited on serve_forever\(\)$/,
      );
      const [reader, writer] = yield* openConnection("127.0.0.1", port);
      writer.write("x\n");
      expect((yield* reader.readline()).toString()).toBe("x\n");
      writer.close();
      yield* writer.waitClosed();
      serving.cancel();
      try {
        yield* serving;
      } catch {
        // cancelled
      }
      expect(serving.cancelled()).toBe(true);
      expect(server.sockets).toEqual([]);
    });
  });

  it("refuses unknown options and bad ports with a clear error", async () => {
    await inLoop(function* () {
      let caught: unknown;
      try {
        yield* openConnection("127.0.0.1", 1, { nope: 1 } as never);
      } catch (err) {
        caught = err;
      }
      expect((caught as Error).message).toBe("create_connection() got an unexpected keyword argument 'nope'");
      caught = undefined;
      try {
        yield* openConnection("127.0.0.1", 70000);
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(TypeError);
      expect((caught as Error).message).toBe(
        "create_connection(): port must be an integer in 0..65535, got 70000",
      );
      caught = undefined;
      try {
        yield* startServer(echo, "127.0.0.1", 0, { backlog: -1 });
      } catch (err) {
        caught = err;
      }
      expect((caught as Error).message).toBe("backlog must be a non-negative integer, got -1");
    });
  });
});

describe("Unix sockets", () => {
  it("echoes over a Unix socket; the server replaces a stale socket file", async () => {
    const path = join(scratch(), "echo.sock");
    await inLoop(function* () {
      for (let round = 0; round < 2; round++) {
        const server = yield* startUnixServer(echo, path);
        expect(server.sockets[0]?.getsockname()).toBe(path);
        const [reader, writer] = yield* openUnixConnection(path);
        expect(writer.getExtraInfo("peername")).toBe(path);
        writer.write(`round ${round}\n`);
        expect((yield* reader.readline()).toString()).toBe(`round ${round}\n`);
        writer.close();
        yield* writer.waitClosed();
        server.close();
        yield* server.waitClosed();
      }
    });
  });
});

describe("TLS", () => {
  it("echoes over TLS with a self-signed certificate; the writer cannot write EOF", async () => {
    const { key, cert } = selfSigned();
    await inLoop(function* () {
      const server = yield* startServer(echo, "127.0.0.1", 0, { ssl: { key, cert } });
      const [reader, writer] = yield* openConnection("127.0.0.1", portOf(server), {
        ssl: { ca: cert },
        serverHostname: "localhost",
      });
      expect(writer.getExtraInfo("sslcontext")).not.toBeNull();
      // Python's getpeercert(): subject as RDNs of (long name, value) pairs, dates as OpenSSL prints them.
      const peercert = writer.getExtraInfo<PeerCert>("peercert");
      expect(peercert?.subject).toEqual([[["commonName", "localhost"]]]);
      expect(peercert?.issuer).toEqual([[["commonName", "localhost"]]]);
      expect(peercert?.version).toBe(3);
      expect(peercert?.subjectAltName).toEqual([
        ["DNS", "localhost"],
        ["IP Address", "127.0.0.1"],
      ]);
      expect(peercert?.notAfter).toMatch(/^[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4} GMT$/);
      const cipher = writer.getExtraInfo<[string, string, number]>("cipher");
      expect(cipher?.[1]).toBe("TLSv1.3");
      expect(cipher?.[2]).toBe(256); // TLS_AES_256_GCM_SHA384
      const sslObject = writer.getExtraInfo<SSLObject>("ssl_object");
      expect(sslObject?.cipher()).toEqual(cipher);
      expect(sslObject?.getpeercert()).toEqual(peercert);
      expect(sslObject?.version()).toBe("TLSv1.3");
      // getpeercert(binary_form=True): the certificate's DER; no ALPN was asked for.
      expect((sslObject as SSLObject).getpeercert(true)).toEqual(new X509Certificate(cert).raw);
      expect(sslObject?.selectedAlpnProtocol()).toBeNull();
      expect(sslObject?.compression()).toBeNull();
      expect(writer.transport).toBeInstanceOf(SSLProtocolTransport);
      expect(writer.canWriteEof()).toBe(false);
      writer.write("secret\n");
      expect((yield* reader.readline()).toString()).toBe("secret\n");
      writer.close();
      yield* writer.waitClosed();
      server.close();
      yield* server.waitClosed();
    });
  });

  it("refuses a certificate it does not trust", async () => {
    const { key, cert } = selfSigned();
    await inLoop(function* () {
      const server = yield* startServer(echo, "127.0.0.1", 0, { ssl: { key, cert } });
      let caught: unknown;
      try {
        yield* openConnection("127.0.0.1", portOf(server), { ssl: true, serverHostname: "localhost" });
      } catch (err) {
        caught = err;
      }
      expect((caught as Error).message).toMatch(/self-signed certificate/);
      server.close();
      yield* server.waitClosed();
    });
  });
});

describe("TLS failures are Python's ssl errors", () => {
  function* failure(connect: () => Coro<unknown>): Coro<unknown> {
    try {
      yield* connect();
    } catch (err) {
      return err;
    }
    throw new Error("nothing was raised");
  }

  it("an untrusted certificate: SSLCertVerificationError (ssl.CertificateError), reason CERTIFICATE_VERIFY_FAILED", async () => {
    const { key, cert } = selfSigned();
    await inLoop(function* () {
      const server = yield* startServer(echo, "127.0.0.1", 0, { ssl: { key, cert } });
      const err = (yield* failure(() =>
        openConnection("127.0.0.1", portOf(server), { ssl: true, serverHostname: "localhost" }),
      )) as SSLCertVerificationError;
      expect(err).toBeInstanceOf(SSLCertVerificationError);
      expect(err).toBeInstanceOf(SSLError);
      expect(err).toBeInstanceOf(OSError);
      expect(CertificateError).toBe(SSLCertVerificationError);
      expect(err.reason).toBe("CERTIFICATE_VERIFY_FAILED");
      expect(err.library).toBe("SSL");
      expect(err.errno).toBe(1);
      expect(err.verifyCode).toBe(18);
      expect(err.verifyMessage).toBe("self-signed certificate");
      expect(err.message).toBe(
        "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed certificate",
      );
      server.close();
      yield* server.waitClosed();
    });
  });

  it("a name the certificate does not carry: Python's 'Hostname mismatch' / 'IP address mismatch'", async () => {
    const { key, cert } = selfSigned();
    await inLoop(function* () {
      const server = yield* startServer(echo, "127.0.0.1", 0, { ssl: { key, cert } });
      const byName = (yield* failure(() =>
        openConnection("127.0.0.1", portOf(server), { ssl: { ca: cert }, serverHostname: "invalid" }),
      )) as SSLCertVerificationError;
      expect(byName).toBeInstanceOf(SSLCertVerificationError);
      expect(byName.verifyCode).toBe(62);
      expect(byName.message).toBe(
        "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: Hostname mismatch, certificate is not valid for 'invalid'.",
      );
      const other = yield* startServer(echo, "127.0.0.2", 0, { ssl: { key, cert } }); // not in the certificate
      const byIp = (yield* failure(() =>
        openConnection("127.0.0.2", portOf(other), { ssl: { ca: cert } }),
      )) as SSLCertVerificationError;
      other.close();
      yield* other.waitClosed();
      expect(byIp.verifyCode).toBe(64);
      expect(byIp.verifyMessage).toBe("IP address mismatch, certificate is not valid for '127.0.0.2'.");
      server.close();
      yield* server.waitClosed();
    });
  });

  it("a peer that does not speak TLS: SSLError [SSL: WRONG_VERSION_NUMBER]", async () => {
    const plain = createNetServer((socket) => socket.end("HTTP/1.0 400 Bad Request\r\n\r\n"));
    await new Promise<void>((r) => plain.listen(0, "127.0.0.1", r));
    const port = (plain.address() as { port: number }).port;
    await inLoop(function* () {
      const err = (yield* failure(() =>
        openConnection("127.0.0.1", port, { ssl: { rejectUnauthorized: false } }),
      )) as SSLError;
      expect(err).toBeInstanceOf(SSLError);
      expect(err.reason).toBe("WRONG_VERSION_NUMBER");
      expect(err.message).toBe("[SSL: WRONG_VERSION_NUMBER] wrong version number");
    });
    plain.close();
  });
});

describe("the loop's end", () => {
  it("closes what a run left open (a server, a connection), so that the process exits as Python's does", () => {
    const dir = scratch();
    const program = join(dir, "left-open.mts");
    const src = fileURLToPath(new URL("../src/index.ts", import.meta.url));
    const task = fileURLToPath(new URL("../../task/src/index.ts", import.meta.url));
    writeFileSync(
      program,
      `import { run } from ${JSON.stringify(task)};
import { openConnection, startServer } from ${JSON.stringify(src)};
function* main() {
  const server = yield* startServer(function* (reader) { yield* reader.read(); }, "127.0.0.1", 0);
  const [, port] = server.sockets[0].getsockname();
  const [reader, writer] = yield* openConnection("127.0.0.1", port);
  writer.write("never closed\\n");
  yield* writer.drain();
  console.log("done");
}
await run(main());
`,
    );
    const r = spawnSync(process.execPath, ["--conditions=aio-source", "--import", "tsx", program], {
      cwd: fileURLToPath(new URL("..", import.meta.url)),
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(r.error).toBeUndefined();
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("done\n");
    expect(r.status).toBe(0);
  });
});

describe("pipes", () => {
  it("connectWritePipe writes into a FIFO that connectReadPipe reads; EOF when the writer closes", async () => {
    const dir = scratch();
    const fifo = join(dir, "fifo");
    spawnSync("mkfifo", [fifo]);
    const rfd = openSync(fifo, fsConstants.O_RDONLY | fsConstants.O_NONBLOCK);
    const wfd = openSync(fifo, fsConstants.O_WRONLY);
    await inLoop(function* () {
      const reader = new StreamReader();
      yield* connectReadPipe(() => new StreamReaderProtocol(reader), rfd);
      const [transport] = yield* connectWritePipe(() => new Protocol(), wfd);
      expect(transport.getExtraInfo("pipe")).toBe(wfd);
      transport.write("through the pipe\n");
      expect((yield* reader.readline()).toString()).toBe("through the pipe\n");
      transport.close();
      expect((yield* reader.read()).length).toBe(0);
      expect(reader.atEof()).toBe(true);
    });
  });

  it("reads and writes a pty (Node's TTY handle); the write end never reads the terminal's input", async () => {
    // os.openpty(): /dev/ptmx here, unlocked and named by a Python helper given the descriptor
    const master = openSync("/dev/ptmx", fsConstants.O_RDWR | fsConstants.O_NOCTTY | fsConstants.O_NONBLOCK);
    const code =
      "import ctypes; libc = ctypes.CDLL(None); libc.ptsname.restype = ctypes.c_char_p;" +
      " assert libc.grantpt(3) == 0 and libc.unlockpt(3) == 0; print(libc.ptsname(3).decode())";
    const path = execFileSync("python3", ["-c", code], { stdio: ["ignore", "pipe", "inherit", master] })
      .toString()
      .trim();
    const readSlave = openSync(path, fsConstants.O_RDWR | fsConstants.O_NOCTTY);
    const writeSlave = openSync(path, fsConstants.O_RDWR | fsConstants.O_NOCTTY);
    execFileSync("python3", ["-c", "import tty; tty.setraw(3)"], {
      stdio: ["ignore", "inherit", "inherit", readSlave],
    });
    await inLoop(function* () {
      const reader = new StreamReader();
      const [readTransport] = yield* connectReadPipe(() => new StreamReaderProtocol(reader), readSlave);
      const [writeTransport] = yield* connectWritePipe(() => new Protocol(), writeSlave);
      writeTransport.write("out");
      let out = "";
      const buf = Buffer.alloc(64);
      while (out.length < 3) {
        yield* sleep(0.01);
        try {
          out += buf.subarray(0, readSync(master, buf)).toString();
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== "EAGAIN") throw err;
        }
      }
      expect(out).toBe("out");
      writeSync(master, "in"); // the read end gets it (the write end, on the same terminal, does not read)
      expect((yield* reader.readexactly(2)).toString()).toBe("in");
      readTransport.close();
      writeTransport.close();
    });
    closeSync(master);
  });

  it("a write pipe on a socket closes when its reader does: connectionLost(null), no eofReceived", async () => {
    const path = join(scratch(), "sock");
    const listener = createNetServer();
    await new Promise<void>((r) => listener.listen(path, r));
    const accepted = new Promise<Socket>((r) => listener.once("connection", r));
    const wsock = netConnect({ path, allowHalfOpen: true });
    await new Promise((r) => wsock.once("connect", r));
    const rsock = await accepted;
    listener.close();
    const calls: string[] = [];
    await inLoop(function* () {
      const done = getRunningLoop().createFuture<void>() as Future<void>;
      class WriteProto extends Protocol {
        override eofReceived(): boolean {
          calls.push("eof");
          return false;
        }
        override connectionLost(exc: unknown): void {
          calls.push(`lost ${exc}`);
          done.setResult(undefined);
        }
      }
      const [transport] = yield* connectWritePipe(() => new WriteProto(), wsock);
      transport.write("1");
      expect(String(yield* fromPromise(new Promise<Buffer>((r) => rsock.once("data", r))))).toBe("1");
      rsock.destroy();
      yield* done;
    });
    expect(calls).toEqual(["lost null"]);
  });

  it("refuses a regular file: pipes and sockets only, as asyncio", async () => {
    const file = join(scratch(), "plain.txt");
    writeFileSync(file, "x");
    const fd = openSync(file, "r");
    await inLoop(function* () {
      let caught: unknown;
      try {
        yield* connectReadPipe(() => new Protocol(), fd);
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(RangeError);
      expect((caught as Error).message).toBe("Pipe transport is for pipes/sockets only.");
    });
    closeSync(fd);
  });
});

describe("transports and servers, as a user drives them", () => {
  it("a BufferedProtocol receives into its own buffer, however the bytes are chunked", async () => {
    class Collect extends BufferedProtocol {
      readonly buffer = Buffer.alloc(7);
      readonly got: Buffer[] = [];
      constructor(readonly done: Future<void>) {
        super();
      }
      override getBuffer(sizehint: number): Uint8Array {
        expect(sizehint).toBeGreaterThan(0);
        return this.buffer;
      }
      override bufferUpdated(nbytes: number): void {
        this.got.push(Buffer.from(this.buffer.subarray(0, nbytes)));
      }
      override eofReceived(): boolean {
        this.done.setResult(undefined);
        return false;
      }
    }
    await inLoop(function* () {
      const payload = Buffer.from("a buffered protocol gets every byte, seven at most at a time");
      const server = yield* startServer(
        function* (_reader, writer) {
          writer.write(payload);
          writer.writeEof();
          yield* writer.drain();
        },
        "127.0.0.1",
        0,
      );
      const done = getRunningLoop().createFuture<void>() as Future<void>;
      const [transport, protocol] = yield* createConnection(
        () => new Collect(done),
        "127.0.0.1",
        portOf(server),
      );
      yield* done;
      expect(Buffer.concat(protocol.got)).toEqual(payload);
      expect(Math.max(...protocol.got.map((b) => b.length))).toBeLessThanOrEqual(7);
      transport.close();
      server.close();
      yield* server.waitClosed();
    });
  });

  it("a reader past twice its limit pauses the transport, and reading resumes it", async () => {
    await inLoop(function* () {
      const server = yield* startServer(
        function* (_reader, writer) {
          writer.write(Buffer.alloc(64 * 1024, 1));
          yield* writer.drain();
          writer.close();
        },
        "127.0.0.1",
        0,
      );
      const [reader, writer] = yield* openConnection("127.0.0.1", portOf(server), { limit: 1024 });
      for (let i = 0; i < 200 && writer.transport.isReading(); i++) yield* sleep(0.01);
      expect(writer.transport.isReading()).toBe(false);
      let total = 0;
      for (let chunk = yield* reader.read(4096); chunk.length > 0; chunk = yield* reader.read(4096)) {
        total += chunk.length;
      }
      expect(total).toBe(64 * 1024);
      writer.close();
      yield* writer.waitClosed();
      server.close();
      yield* server.waitClosed();
    });
  });

  it("abortClients() drops the connections at once; await using closes the server", async () => {
    await inLoop(function* () {
      const server = yield* startServer(
        function* (reader) {
          yield* reader.read();
        },
        "127.0.0.1",
        0,
      );
      const [reader, writer] = yield* openConnection("127.0.0.1", portOf(server));
      yield* sleep(0.05);
      server.abortClients();
      let ended: unknown;
      try {
        ended = (yield* reader.read()).length;
      } catch (err) {
        ended = err;
      }
      // The peer's abort is an EOF or a reset, depending on what was in flight.
      expect(ended === 0 || ended instanceof ConnectionResetError).toBe(true);
      writer.close();
      const disposed = fromPromise(server[Symbol.asyncDispose]());
      yield* disposed;
      expect(server.sockets).toEqual([]);
      expect(server.isServing()).toBe(false);
    });
  });
});
