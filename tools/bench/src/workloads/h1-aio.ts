// H1's aio server (see the README): hello-world with @aio/http's web.runApp on 127.0.0.1, a free port,
// printed as "PORT <n>"; stops on SIGTERM (gracefully, as runApp does).
import { web } from "@aio/http";

const app = new web.Application();
app.router.addGet("/", function* () {
  return new web.Response({ text: "Hello, World!" });
});
await web.runApp(app, {
  host: "127.0.0.1",
  port: 0,
  print: (line) => {
    const port = /:(\d+) =/.exec(line)?.[1];
    process.stdout.write(`PORT ${port}\n`);
  },
});
