// C1 baseline: a bare node:http server; the parent times its first response.
import { createServer } from "node:http";

const server = createServer((_req, res) => res.end("hello"));
server.listen(0, "127.0.0.1", () => console.log(server.address().port));
