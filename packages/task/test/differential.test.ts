/**
 * 45+ programs written twice, in Python asyncio and against these packages: the traces must match
 * CPython 3.12's exactly (see tools/differential).
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { differentialSuite } from "@aio/differential";

differentialSuite(join(dirname(fileURLToPath(import.meta.url)), "differential", "cases"), {
  minimum: 40,
  load: (name) => import(`./differential/cases/${name}.ts`),
  changedIn312: {
    "12-gather-done-inputs": "3.12 completes gather() of done inputs synchronously",
    "19-wait-for-coroutine-same-task": "3.12 runs wait_for's coroutine in the caller's task",
    "22-wait-for-outer-cancel": "3.12's wait_for passes the cancel message on",
  },
});
