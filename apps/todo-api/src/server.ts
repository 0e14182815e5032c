#!/usr/bin/env node
/** Serves the to-do API: `PORT=8080 HOST=127.0.0.1 pnpm --filter @aio/todo-api start`; Ctrl-C stops it gracefully. */
import { web } from "@aio/http";
import { createApp } from "./app.js";

await web.runApp(createApp(), {
  host: process.env.HOST ?? "127.0.0.1",
  port: Number(process.env.PORT ?? 8080),
  shutdownTimeout: 10,
});
