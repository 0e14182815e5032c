// C1: an @aio/http server (web.Application, one route) started; the parent times its first response.
import { web } from "@aio/http";
import { run, sleep } from "@aio/task";

const app = new web.Application();
app.router.addGet("/", function* () {
  return new web.Response({ text: "hello" });
});
await run(
  (function* () {
    const runner = new web.AppRunner(app);
    yield* runner.setup();
    const site = new web.TCPSite(runner, "127.0.0.1", 0);
    yield* site.start();
    console.log(site.port);
    yield* sleep(3600);
  })(),
);
