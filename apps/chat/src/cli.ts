#!/usr/bin/env node
/**
 * `aio-chat [--host H] [--port P]`: a TCP chat room (try `nc 127.0.0.1 8888` from two terminals).
 * Ctrl-C (or SIGTERM) shuts it down cleanly: every client is told and disconnected first.
 */
import { parseArgs } from "node:util";
import type { Future } from "@aio/future";
import { getRunningLoop } from "@aio/loop";
import { type Coro, run } from "@aio/task";
import { ChatServer } from "./chat.js";

const USAGE = "usage: aio-chat [--host HOST] [--port PORT]";
let host = "127.0.0.1";
let port = 8888;
try {
  const { values } = parseArgs({ options: { host: { type: "string" }, port: { type: "string" } } });
  host = values.host ?? host;
  if (values.port !== undefined) {
    port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new Error(`--port must be a whole number in 0..65535, got '${values.port}'`);
  }
} catch (err) {
  process.stderr.write(`aio-chat: ${(err as Error).message}\n${USAGE}\n`);
  process.exit(2);
}

function* main(): Coro<void> {
  const chat = new ChatServer();
  const [h, p] = yield* chat.start(host, port);
  process.stdout.write(`aio-chat listening on ${h}:${p}\n`);
  const loop = getRunningLoop();
  const stop = loop.createFuture<string>() as Future<string>;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    loop.addSignalHandler(signal, () => {
      if (!stop.done()) stop.setResult(signal);
    });
  }
  const signal = yield* stop;
  process.stdout.write(`${signal}: shutting down (${chat.nicks.length} connected)\n`);
  yield* chat.close();
  process.stdout.write("bye\n");
}

await run(main());
