/**
 * The same programs with Python's aiohttp and with @aio/http, against one local fixture server
 * (differential/fixture-server.ts): outputs must be identical (see tools/differential). The Python
 * side needs aiohttp (`python.json`): Debian's python3-aiohttp, installed by scripts/system-deps.mjs,
 * for /usr/bin/python3.
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { differentialSuite } from "@aio/differential";

differentialSuite(join(dirname(fileURLToPath(import.meta.url)), "differential", "cases"), {
  minimum: 12,
  load: (name) => import(`./differential/cases/${name}.ts`),
});
