/**
 * The same programs with CPython 3.12's asyncio streams and with @aio/streams: outputs must be
 * identical (see tools/differential). Real sockets on 127.0.0.1.
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { differentialSuite } from "@aio/differential";

differentialSuite(join(dirname(fileURLToPath(import.meta.url)), "differential", "cases"), {
  minimum: 1,
  load: (name) => import(`./differential/cases/${name}.ts`),
});
