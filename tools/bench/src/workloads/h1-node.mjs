// H1's baseline (see the README): hello-world on raw node:http, 127.0.0.1, a free port printed as
// "PORT <n>"; the same answer as the aio server (text/plain; charset=utf-8, 13 bytes).
import { createServer } from "node:http";

const body = Buffer.from("Hello, World!");
const server = createServer((_req, res) => {
  res.writeHead(200, { "Content-Type": "text/plain; charset=utf-8", "Content-Length": String(body.length) });
  res.end(body);
});
server.keepAliveTimeout = 75_000;
server.listen(0, "127.0.0.1", () => process.stdout.write(`PORT ${server.address().port}\n`));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
