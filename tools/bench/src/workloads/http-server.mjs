// H2's server (see the README): node:http on 127.0.0.1, a small fixed answer to every GET, in a process
// of its own so that the client under test has the benchmark's CPU to itself. Prints its port;
// exits when its parent closes stdin.
import { createServer } from "node:http";

const body = Buffer.from("hello from node:http\n");
const server = createServer((_req, res) => {
  res.writeHead(200, { "Content-Type": "text/plain", "Content-Length": String(body.length) });
  res.end(body);
});
server.keepAliveTimeout = 60_000;
let connections = 0;
server.on("connection", () => connections++);
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`${server.address().port}\n`);
});
process.stdin.on("end", () => {
  if (process.env.AIO_BENCH_VERBOSE) process.stderr.write(`H2 server: ${connections} connections\n`);
  process.exit(0);
});
process.stdin.resume();
