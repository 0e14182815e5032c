/**
 * Python's logging and warnings, written twice (CPython 3.12 and @aio/debug): outputs must be
 * identical (see tools/differential).
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { differentialSuite } from "@aio/differential";

differentialSuite(join(dirname(fileURLToPath(import.meta.url)), "differential", "cases"), {
  minimum: 7,
  load: (name) => import(`./differential/cases/${name}.ts`),
});
