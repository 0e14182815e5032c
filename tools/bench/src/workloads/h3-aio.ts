// H3's aio server (see the README): a WebSocket echo with @aio/http's web.WebSocketResponse on
// 127.0.0.1, a free port printed as "PORT <n>"; stops on SIGTERM (gracefully, as runApp does).
import { web } from "@aio/http";

const app = new web.Application();
app.router.addGet("/ws", function* (request) {
  const ws = new web.WebSocketResponse();
  yield* ws.prepare(request);
  for (;;) {
    const msg = yield* ws.receive();
    if (msg.type === web.WSMsgType.TEXT) yield* ws.sendStr(msg.data as string);
    else if (msg.type === web.WSMsgType.BINARY) yield* ws.sendBytes(msg.data as Buffer);
    else break;
  }
  return ws;
});
await web.runApp(app, {
  host: "127.0.0.1",
  port: 0,
  print: (line) => {
    const port = /:(\d+) =/.exec(line)?.[1];
    process.stdout.write(`PORT ${port}\n`);
  },
});
