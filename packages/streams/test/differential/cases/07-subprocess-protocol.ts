import type { Print } from "@aio/differential";
import { ProcessLookupError } from "@aio/fs";
import type { Future } from "@aio/future";
import { getRunningLoop, repr } from "@aio/loop";
import { run } from "@aio/task";
import { SubprocessProtocol, type SubprocessTransport, type WriteTransport } from "../../../src/index.js";

const pyList = (xs: unknown[]) =>
  `[${xs.map((x) => (typeof x === "boolean" ? (x ? "True" : "False") : repr(x))).join(", ")}]`;

class Collect extends SubprocessProtocol {
  events: string[] = [];
  out: Record<number, Buffer> = { 1: Buffer.alloc(0), 2: Buffer.alloc(0) };
  transport: SubprocessTransport | null = null;
  constructor(readonly done: Future<void>) {
    super();
  }
  override connectionMade(transport: SubprocessTransport): void {
    this.transport = transport;
    this.events.push("connection_made");
  }
  override pipeDataReceived(fd: number, data: Buffer): void {
    this.out[fd] = Buffer.concat([this.out[fd] as Buffer, data]);
  }
  override pipeConnectionLost(fd: number, exc: unknown): void {
    this.events.push(`pipe_connection_lost ${fd} ${exc === null ? "None" : String(exc)}`);
  }
  override processExited(): void {
    this.events.push(`process_exited ${this.transport?.getReturncode()}`);
  }
  override connectionLost(exc: unknown): void {
    this.events.push(`connection_lost ${exc === null ? "None" : String(exc)}`);
    this.done.setResult(undefined);
  }
}

export default async function (print: Print) {
  function* main() {
    const loop = getRunningLoop();
    let done = loop.createFuture<void>() as Future<void>;
    let [transport, protocol] = yield* loop.subprocessExec(
      () => new Collect(done),
      "sh",
      "-c",
      "cat; echo err >&2; exit 5",
    );
    print(
      "pid > 0:",
      transport.getPid() > 0 ? "True" : "False",
      "returncode:",
      transport.getReturncode() ?? "None",
    );
    const stdin = transport.getPipeTransport(0) as WriteTransport;
    print("pipes:", pyList([0, 1, 2, 3].map((fd) => transport.getPipeTransport(fd) !== null)));
    stdin.write(Buffer.from("hello\n"));
    stdin.writeEof();
    yield* done;
    const ev = protocol.events;
    print("events:", ev[0], pyList(ev.slice(1, -1).sort()), ev.at(-1));
    print(
      "order: process_exited before connection_lost:",
      ev.indexOf("process_exited 5") < ev.indexOf("connection_lost None") ? "True" : "False",
    );
    print("out:", repr(protocol.out[1]), repr(protocol.out[2]), "returncode:", transport.getReturncode());
    for (const name of ["send_signal", "terminate", "kill"] as const) {
      try {
        if (name === "send_signal") transport.sendSignal(15);
        else if (name === "terminate") transport.terminate();
        else transport.kill();
      } catch (e) {
        if (!(e instanceof ProcessLookupError)) throw e;
        print(name, "after exit:", e.name);
      }
    }
    transport.close();
    print("is_closing:", transport.isClosing() ? "True" : "False");

    // close() kills a child still running
    done = loop.createFuture<void>() as Future<void>;
    [transport, protocol] = yield* loop.subprocessExec(() => new Collect(done), "sleep", "30", {
      stdin: null,
      stdout: null,
      stderr: null,
    });
    transport.close();
    yield* done;
    print("closed while running:", transport.getReturncode(), pyList(protocol.events));

    for (const kwargs of [
      { shell: true },
      { bufsize: 4096 },
      { universalNewlines: true },
      { text: true },
      { encoding: "utf-8" },
      { errors: "strict" },
    ]) {
      try {
        yield* loop.subprocessExec(() => new SubprocessProtocol(), "true", kwargs as never);
      } catch (e) {
        if (!(e instanceof RangeError)) throw e;
        print("ValueError:", e.message);
      }
    }
    try {
      yield* loop.subprocessShell(() => new SubprocessProtocol(), "true", { shell: false });
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      print("ValueError:", e.message);
    }
  }
  await run(main());
}
