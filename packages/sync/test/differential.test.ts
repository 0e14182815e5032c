/**
 * Ordering and fairness of the primitives, written twice (Python asyncio and aio): traces must match
 * CPython 3.12's exactly (see tools/differential).
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { differentialSuite } from "@aio/differential";

differentialSuite(join(dirname(fileURLToPath(import.meta.url)), "differential", "cases"), {
  minimum: 12,
  load: (name) => import(`./differential/cases/${name}.ts`),
});
