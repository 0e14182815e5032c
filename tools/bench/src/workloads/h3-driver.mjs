// H3's load (see the README): 64 `ws` clients on one WebSocket URL (argv[2]), each sending a 32-byte
// text message and waiting for its echo, round after round, for argv[3] seconds after a 1 s warm-up.
// Prints one JSON line: the echoes per second, and the p50 and p99 round trip in ms.
import { WebSocket } from "ws";

const [url, secondsArg, clientsArg] = process.argv.slice(2);
const seconds = Number(secondsArg ?? 8);
const clients = Number(clientsArg ?? 64);
const message = "x".repeat(32);

const sockets = await Promise.all(
  Array.from(
    { length: clients },
    () =>
      new Promise((resolve, reject) => {
        const ws = new WebSocket(url, { perMessageDeflate: false });
        ws.once("open", () => resolve(ws));
        ws.once("error", reject);
      }),
  ),
);

let measuring = false;
let count = 0;
const samples = [];
let stop = false;
function loop(ws) {
  let sent = 0;
  ws.on("message", () => {
    if (measuring) {
      count++;
      if ((count & 15) === 0) samples.push(performance.now() - sent);
    }
    if (stop) return;
    sent = performance.now();
    ws.send(message);
  });
  sent = performance.now();
  ws.send(message);
}
for (const ws of sockets) loop(ws);
await new Promise((r) => setTimeout(r, 1000));
measuring = true;
const t0 = performance.now();
await new Promise((r) => setTimeout(r, seconds * 1000));
measuring = false;
const elapsed = (performance.now() - t0) / 1000;
stop = true;
samples.sort((a, b) => a - b);
const at = (q) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? Number.NaN;
process.stdout.write(
  `${JSON.stringify({ perSecond: Math.round(count / elapsed), total: count, p50: at(0.5), p99: at(0.99) })}\n`,
);
for (const ws of sockets) ws.terminate();
process.exit(0);
