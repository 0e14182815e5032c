/**
 * The same aiohttp.web application in Python and with @aio/http's `web`, each asked the same
 * requests by its own client (aiohttp's, ours — the client pairs check those): the printed answers
 * (status, reason, Content-Length, headers but Date and Server, body) must be identical.
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { differentialSuite } from "@aio/differential";

differentialSuite(join(dirname(fileURLToPath(import.meta.url)), "differential-web", "cases"), {
  minimum: 4,
  load: (name) => import(`./differential-web/cases/${name}.ts`),
});
