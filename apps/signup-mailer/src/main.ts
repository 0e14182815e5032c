/**
 * `pnpm --filter @aio/signup-mailer start [--virtual]`: the sign-up mailer demo.
 */
import { run } from "@aio/task";
import { demo } from "./mailer.js";

const virtual = process.argv.includes("--virtual");
await run(demo(), virtual ? { clock: "virtual" } : {});
