/** The chat room over real sockets on 127.0.0.1: the library in-process, the CLI as a child process. */
import { spawn } from "node:child_process";
import { connect, type Socket } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { openConnection, type StreamReader, type StreamWriter } from "@aio/streams";
import { type Coro, isCancelledError, run, waitFor } from "@aio/task";
import { describe, expect, it } from "vitest";
import { ChatServer } from "../src/chat.js";

const cli = join(dirname(fileURLToPath(import.meta.url)), "..", "src", "cli.ts");

/** A client of the room: its streams and its next line. */
class Peer {
  constructor(
    readonly reader: StreamReader,
    readonly writer: StreamWriter,
  ) {}
  static *join(port: number, nick: string | null): Coro<Peer> {
    const [reader, writer] = yield* openConnection("127.0.0.1", port);
    const peer = new Peer(reader, writer);
    expect(yield* peer.line()).toBe("Welcome! What is your nickname?");
    if (nick !== null) {
      peer.say(nick);
      expect(yield* peer.line()).toBe(`* you are ${nick}; /who lists the room, /nick renames, /quit leaves`);
    }
    return peer;
  }
  say(text: string): void {
    this.writer.write(`${text}\n`);
  }
  /** The next line, without its newline ("" at EOF); fails past 5 s. */
  *line(): Coro<string> {
    const raw = yield* waitFor(this.reader.readline(), 5);
    return raw.toString().replace(/\n$/, "");
  }
}

describe("ChatServer", () => {
  it("nicknames, broadcast, /who, /nick, /quit, and who left", async () => {
    await run(
      (function* () {
        const chat = new ChatServer();
        const [, port] = yield* chat.start("127.0.0.1", 0);
        const alice = yield* Peer.join(port, "alice");
        const bob = yield* Peer.join(port, "bob");
        expect(yield* alice.line()).toBe("* bob has joined (2 here)");
        alice.say("hello, 안녕하세요");
        expect(yield* bob.line()).toBe("<alice> hello, 안녕하세요");
        bob.say("/who");
        expect(yield* bob.line()).toBe("* here: alice, bob");
        bob.say("/nick robert");
        expect(yield* alice.line()).toBe("* bob is now robert");
        expect(yield* bob.line()).toBe("* bob is now robert");
        expect(chat.nicks).toEqual(["alice", "robert"]);
        bob.say("/dance");
        expect(yield* bob.line()).toBe("* unknown command: /dance");
        alice.say("/quit");
        expect(yield* alice.line()).toBe("* bye");
        expect(yield* alice.line()).toBe(""); // EOF: the server closed the connection
        expect(yield* bob.line()).toBe("* alice has left");
        expect(chat.nicks).toEqual(["robert"]);
        bob.writer.close();
        yield* chat.close();
      })(),
    );
  });

  it("a nickname that is taken or malformed is asked again", async () => {
    await run(
      (function* () {
        const chat = new ChatServer();
        const [, port] = yield* chat.start("127.0.0.1", 0);
        const alice = yield* Peer.join(port, "alice");
        const other = yield* Peer.join(port, null);
        other.say("alice");
        expect(yield* other.line()).toBe("* 'alice' is taken; try another nickname");
        other.say("two words");
        expect(yield* other.line()).toBe(
          "* 'two words' is not a nickname (1-24 letters, digits, _ or -); try another nickname",
        );
        other.say("carol");
        expect(yield* other.line()).toMatch(/^\* you are carol;/);
        expect(yield* alice.line()).toBe("* carol has joined (2 here)");
        alice.say("/nick carol");
        expect(yield* alice.line()).toBe("* 'carol' is taken");
        alice.writer.close();
        other.writer.close();
        yield* chat.close();
      })(),
    );
  });

  it("a line over the limit disconnects its sender, and the others hear it left", async () => {
    await run(
      (function* () {
        const chat = new ChatServer({ maxLine: 64 });
        const [, port] = yield* chat.start("127.0.0.1", 0);
        const alice = yield* Peer.join(port, "alice");
        const bob = yield* Peer.join(port, "bob");
        expect(yield* alice.line()).toBe("* bob has joined (2 here)");
        bob.say("x".repeat(200));
        expect(yield* bob.line()).toBe("* line longer than 64 bytes: disconnected");
        expect(yield* bob.line()).toBe("");
        expect(yield* alice.line()).toBe("* bob has left");
        alice.writer.close();
        yield* chat.close();
      })(),
    );
  });

  it("close(): every client is told and disconnected, and no one else gets in", async () => {
    await run(
      (function* () {
        const chat = new ChatServer();
        const [, port] = yield* chat.start("127.0.0.1", 0);
        const alice = yield* Peer.join(port, "alice");
        const bob = yield* Peer.join(port, "bob");
        const waiting = yield* Peer.join(port, null); // connected, no nickname yet
        expect(yield* alice.line()).toBe("* bob has joined (2 here)");
        yield* chat.close();
        for (const peer of [alice, bob]) {
          expect(yield* peer.line()).toBe("* server shutting down");
          expect(yield* peer.line()).toBe("");
        }
        expect(yield* waiting.line()).toBe("");
        let refused: unknown = null;
        try {
          yield* openConnection("127.0.0.1", port);
        } catch (err) {
          if (isCancelledError(err)) throw err;
          refused = err;
        }
        expect((refused as Error).name).toBe("ConnectionRefusedError");
      })(),
    );
  });
});

/** Lines a raw socket receives, as they come. */
function lines(socket: Socket): { next(): Promise<string>; all: string[] } {
  const all: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  let buffer = "";
  let seen = 0;
  const push = (line: string) => {
    all.push(line);
    waiting.shift()?.(line);
  };
  socket.setEncoding("utf8");
  socket.on("data", (chunk: string) => {
    buffer += chunk;
    for (let i = buffer.indexOf("\n"); i >= 0; i = buffer.indexOf("\n")) {
      push(buffer.slice(0, i));
      buffer = buffer.slice(i + 1);
    }
  });
  socket.on("end", () => push("<EOF>"));
  return {
    all,
    next: () => {
      const i = seen++;
      if (i < all.length) return Promise.resolve(all[i] as string);
      return new Promise((resolve) => waiting.push(resolve));
    },
  };
}

describe("aio-chat (the CLI)", () => {
  it("Ctrl-C (SIGINT) tells every client, disconnects them, and exits 0", async () => {
    const child = spawn("node", [
      "--no-warnings",
      "--conditions=aio-source",
      "--import",
      "tsx",
      cli,
      "--port",
      "0",
    ]);
    let out = "";
    child.stdout.setEncoding("utf8");
    const listening = new Promise<number>((resolve) => {
      child.stdout.on("data", (chunk: string) => {
        out += chunk;
        const m = /listening on 127\.0\.0\.1:(\d+)\n/.exec(out);
        if (m) resolve(Number(m[1]));
      });
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    try {
      const port = await listening;
      const sockets = ["alice", "bob"].map((nick) => {
        const s = connect(port, "127.0.0.1");
        s.write(`${nick}\n`);
        return s;
      });
      const [a, b] = sockets.map(lines) as [ReturnType<typeof lines>, ReturnType<typeof lines>];
      expect(await a.next()).toBe("Welcome! What is your nickname?");
      expect(await a.next()).toMatch(/^\* you are alice;/);
      expect(await b.next()).toBe("Welcome! What is your nickname?");
      expect(await b.next()).toMatch(/^\* you are bob;/);
      // bob joined after alice (both wrote their nick at once: wait until the room has both)
      sockets[1]?.write("/who\n");
      expect(await b.next()).toBe("* here: alice, bob");
      child.kill("SIGINT");
      expect(await exited).toBe(0);
      expect(a.all.slice(-2)).toEqual(["* server shutting down", "<EOF>"]);
      expect(b.all.slice(-2)).toEqual(["* server shutting down", "<EOF>"]);
      expect(out).toMatch(/SIGINT: shutting down \(2 connected\)\nbye\n$/);
      for (const s of sockets) s.destroy();
    } finally {
      child.kill("SIGKILL");
    }
  });
});
