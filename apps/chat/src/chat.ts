/**
 * A TCP chat room on @aio/streams: each connection picks a nickname, then every line it sends is
 * broadcast to the others as `<nick> text`. Commands: `/nick NEW`, `/who`, `/quit`.
 *
 * One Task per connection (startServer's coroutine callback), as asyncio's chat servers are
 * written. A slow client never holds the room up: each client has its own outbox drained by its
 * own writer, and a client whose outbox passes `maxPending` bytes is disconnected.
 */
import { type Server, type StreamReader, type StreamWriter, startServer } from "@aio/streams";
import { type Coro, createTask, type Task, wait } from "@aio/task";

/** Options of {@link ChatServer}. */
export interface ChatOptions {
  /** The longest line a client may send (default 4096 bytes). */
  maxLine?: number;
  /** Bytes a client may have waiting to be sent before it is dropped (default 1 MiB). */
  maxPending?: number;
}

/** A connected client, once it has a nickname. */
interface Client {
  nick: string;
  writer: StreamWriter;
}

const NICK = /^[\p{L}\p{N}_-]{1,24}$/u;

/** The chat room and its TCP server. */
export class ChatServer {
  readonly #clients = new Map<string, Client>();
  readonly #tasks = new Set<Task<void>>();
  readonly #maxLine: number;
  readonly #maxPending: number;
  #server: Server | null = null;
  #closing = false;

  constructor(options: ChatOptions = {}) {
    this.#maxLine = options.maxLine ?? 4096;
    this.#maxPending = options.maxPending ?? 1024 * 1024;
  }

  /** Starts listening; returns the `[host, port]` it listens on. */
  *start(host: string, port: number): Coro<[string, number]> {
    this.#server = yield* startServer(
      (reader, writer) => {
        const task = createTask(this.#serve(reader, writer));
        this.#tasks.add(task);
        task.addDoneCallback(() => this.#tasks.delete(task));
      },
      host,
      port,
      { limit: this.#maxLine },
    );
    const address = this.#server.sockets[0]?.getsockname() as [string, number];
    return [address[0], address[1]];
  }

  /** The nicknames in the room, sorted. */
  get nicks(): string[] {
    return [...this.#clients.keys()].sort();
  }

  /**
   * Shuts down: no new connections, every client told and disconnected, every connection's task
   * finished. Python: `server.close(); await server.wait_closed()` after the goodbyes.
   */
  *close(): Coro<void> {
    if (this.#closing) return;
    this.#closing = true;
    this.#server?.close();
    for (const client of this.#clients.values()) this.#send(client, "* server shutting down\n");
    for (const client of this.#clients.values()) client.writer.close();
    for (const task of this.#tasks) task.cancel();
    // wait(), not `yield* task`: the tasks end cancelled (or failed), which is what was asked; a
    // cancellation of close() itself still propagates.
    if (this.#tasks.size > 0) yield* wait([...this.#tasks]);
    if (this.#server !== null) yield* this.#server.waitClosed();
  }

  *#serve(reader: StreamReader, writer: StreamWriter): Coro<void> {
    let client: Client | null = null;
    try {
      writer.write("Welcome! What is your nickname?\n");
      client = yield* this.#askNick(reader, writer);
      if (client === null) return;
      this.#broadcast(`* ${client.nick} has joined (${this.#clients.size} here)\n`, client);
      for (;;) {
        const line = yield* this.#readLine(reader, writer);
        if (line === null) break;
        if (line === "") continue;
        if (line === "/quit") {
          writer.write("* bye\n");
          break;
        }
        if (line === "/who") {
          writer.write(`* here: ${this.nicks.join(", ")}\n`);
        } else if (line.startsWith("/nick ")) {
          this.#rename(client, line.slice(6).trim());
        } else if (line.startsWith("/")) {
          writer.write(`* unknown command: ${line.split(" ")[0]}\n`);
        } else {
          this.#broadcast(`<${client.nick}> ${line}\n`, client);
        }
      }
    } finally {
      if (client !== null && this.#clients.get(client.nick) === client) {
        this.#clients.delete(client.nick);
        if (!this.#closing) this.#broadcast(`* ${client.nick} has left\n`, null);
      }
      writer.close();
    }
  }

  /** Asks until the client gives a free, well-formed nickname (null: it went away). */
  *#askNick(reader: StreamReader, writer: StreamWriter): Coro<Client | null> {
    for (;;) {
      const nick = yield* this.#readLine(reader, writer);
      if (nick === null) return null;
      const problem = this.#nickProblem(nick);
      if (problem === null) {
        const client = { nick, writer };
        this.#clients.set(nick, client);
        writer.write(`* you are ${nick}; /who lists the room, /nick renames, /quit leaves\n`);
        return client;
      }
      writer.write(`* ${problem}; try another nickname\n`);
    }
  }

  #nickProblem(nick: string): string | null {
    if (!NICK.test(nick)) return `'${nick}' is not a nickname (1-24 letters, digits, _ or -)`;
    if (this.#clients.has(nick)) return `'${nick}' is taken`;
    return null;
  }

  #rename(client: Client, nick: string): void {
    const problem = this.#nickProblem(nick);
    if (problem !== null) {
      this.#send(client, `* ${problem}\n`);
      return;
    }
    const old = client.nick;
    this.#clients.delete(old);
    client.nick = nick;
    this.#clients.set(nick, client);
    this.#broadcast(`* ${old} is now ${nick}\n`, null);
  }

  /** A line without its newline; null at EOF. An over-long line ends the connection. */
  *#readLine(reader: StreamReader, writer: StreamWriter): Coro<string | null> {
    let raw: Buffer;
    try {
      raw = yield* reader.readline();
    } catch (err) {
      if (err instanceof RangeError) {
        writer.write(`* line longer than ${this.#maxLine} bytes: disconnected\n`);
        return null;
      }
      throw err;
    }
    if (raw.length === 0) return null;
    return raw.toString("utf8").replace(/\r?\n$/, "");
  }

  #broadcast(text: string, from: Client | null): void {
    for (const client of this.#clients.values()) if (client !== from) this.#send(client, text);
  }

  /** Queues `text` for `client`; one that does not read is dropped once too much waits. */
  #send(client: Client, text: string): void {
    const transport = client.writer.transport;
    if (transport.isClosing()) return;
    if (transport.getWriteBufferSize() > this.#maxPending) {
      transport.abort();
      return;
    }
    client.writer.write(text);
  }
}
