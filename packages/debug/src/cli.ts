#!/usr/bin/env node
/**
 * `aio-debug ps PID` and `aio-debug pstree PID`: the tasks of another running Node process that
 * loaded `@aio/debug`, as `python -m asyncio ps|pstree PID` shows CPython's. No change to the
 * target: the CLI opens its inspector (SIGUSR1, as `node inspect -p PID` does), asks for a snapshot
 * through the inspector protocol, and closes the inspector again if it opened it.
 */
import { get } from "node:http";
import { parseArgs } from "node:util";
import WebSocket from "ws";
import { formatTaskRows, formatTaskTree } from "./graph.js";
import type { Snapshot } from "./remote.js";

const USAGE = `usage: aio-debug ps|pstree PID [--port N] [--json]

  ps PID       the pending tasks of process PID, one per line
  pstree PID   the same tasks as a tree of who awaits whom
  --port N     the inspector port of PID (default 9229, where SIGUSR1 opens it)
  --json       print the snapshot as JSON`;

function fail(message: string, code = 1): never {
  process.stderr.write(`aio-debug: ${message}\n`);
  process.exit(code);
}

function listTargets(port: number): Promise<{ webSocketDebuggerUrl?: string }[]> {
  return new Promise((resolve, reject) => {
    const req = get({ host: "127.0.0.1", port, path: "/json/list", timeout: 1000 }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c) => (body += c));
      res.on("end", () => {
        try {
          resolve(JSON.parse(body));
        } catch (err) {
          reject(err);
        }
      });
    });
    req.on("timeout", () => req.destroy(new Error("timed out")));
    req.on("error", reject);
  });
}

function evaluate(ws: WebSocket, expression: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const id = Math.floor(Math.random() * 1e9);
    const onMessage = (data: WebSocket.RawData) => {
      const msg = JSON.parse(String(data)) as {
        id?: number;
        result?: { result?: { value?: unknown }; exceptionDetails?: { text?: string } };
        error?: { message: string };
      };
      if (msg.id !== id) return;
      ws.off("message", onMessage);
      if (msg.error) reject(new Error(msg.error.message));
      else if (msg.result?.exceptionDetails)
        reject(new Error(msg.result.exceptionDetails.text ?? "evaluation failed"));
      else resolve(msg.result?.result?.value);
    };
    ws.on("message", onMessage);
    ws.send(JSON.stringify({ id, method: "Runtime.evaluate", params: { expression, returnByValue: true } }));
  });
}

async function main(): Promise<void> {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: { port: { type: "string" }, json: { type: "boolean" }, help: { type: "boolean", short: "h" } },
    });
  } catch (err) {
    fail(`${(err as Error).message}\n${USAGE}`, 2);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const [command, pidText] = positionals;
  if (command !== "ps" && command !== "pstree")
    fail(`unknown command ${JSON.stringify(command ?? "")}\n${USAGE}`, 2);
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0)
    fail(`PID must be a process id, got ${JSON.stringify(pidText ?? "")}`, 2);
  const port = values.port === undefined ? 9229 : Number(values.port);
  if (!Number.isInteger(port) || port <= 0 || port > 65535)
    fail(`--port must be a TCP port, got ${JSON.stringify(values.port)}`, 2);
  try {
    process.kill(pid, 0);
  } catch {
    fail(`no process ${pid}`);
  }
  // The inspector's list of targets, until one can be attached to. Not listening: SIGUSR1 makes
  // Node open its inspector — sent again every second while it is not listening, as a process whose
  // inspector is still closing (from an earlier `aio-debug ps`) lets the signal pass. Listed
  // without a debugger URL: another client is still attached (or leaving): wait for it.
  let opened = false;
  let url: string | undefined;
  let lastSignal = 0;
  let signals = 0;
  const deadline = Date.now() + 15_000;
  while (url === undefined && Date.now() < deadline) {
    const targets = await listTargets(port).catch(() => null);
    url = targets?.find((t) => t.webSocketDebuggerUrl)?.webSocketDebuggerUrl;
    if (url !== undefined) break;
    if (targets === null && (signals === 0 || Date.now() - lastSignal > 1000)) {
      process.kill(pid, "SIGUSR1");
      opened = true;
      signals++;
      lastSignal = Date.now();
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  if (!url) fail(`process ${pid} has no inspector on 127.0.0.1:${port} (is it a Node process? pass --port)`);
  const ws = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("error", reject);
  }).catch((err) => fail(`cannot reach the inspector of ${pid}: ${(err as Error).message}`));
  try {
    const json = (await evaluate(
      ws,
      '(() => { const d = globalThis[Symbol.for("aio.debug")]; return d ? JSON.stringify(d.snapshot()) : null; })()',
    )) as string | null;
    if (json === null || json === undefined) fail(`process ${pid} has not loaded @aio/debug`);
    const snap = JSON.parse(json) as Snapshot;
    if (values.json) process.stdout.write(`${JSON.stringify(snap, null, 2)}\n`);
    else if (command === "ps") process.stdout.write(`${formatTaskRows(snap.tasks)}\n`);
    else process.stdout.write(`${formatTaskTree(snap.tasks)}\n`);
    if (opened) {
      await evaluate(
        ws,
        '(() => { const d = globalThis[Symbol.for("aio.debug")]; if (d && d.closeInspector) d.closeInspector(); return true; })()',
      ).catch(() => undefined);
    }
  } finally {
    ws.close();
  }
  if (opened) {
    // Leave the process as it was: wait (up to 2 s) until its inspector no longer answers.
    const deadline = Date.now() + 2000;
    while (
      Date.now() < deadline &&
      (await listTargets(port).then(
        () => true,
        () => false,
      ))
    ) {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

main().catch((err) => fail((err as Error).message));
