/**
 * Every scenario of the catalogue (its record: `catalog.json`), in the order of the source posts.
 */

import type { Scenario } from "./scenario.js";
import s00 from "./scenarios/s000-01-event-loop-functions.js";
import s01 from "./scenarios/s000-02-hello-run-until-complete.js";
import s02 from "./scenarios/s000-03-await-print-add.js";
import s03 from "./scenarios/s000-04-create-task.js";
import s04 from "./scenarios/s000-05-gather-factorial.js";
import s05 from "./scenarios/s000-06-gather-return-exceptions.js";
import s06 from "./scenarios/s000-07-gather-default-propagates.js";
import s07 from "./scenarios/s000-08-wait-for-timeout.js";
import s08 from "./scenarios/s000-09-coroutine-entry-point.js";
import s09 from "./scenarios/s000-10-future-methods.js";
import s10 from "./scenarios/s001-01-sequential-await.js";
import s11 from "./scenarios/s001-02-create-task-concurrent.js";
import s12 from "./scenarios/s001-03-run-until-complete-variant.js";
import s13 from "./scenarios/s001-04-gather-five-tasks.js";
import s14 from "./scenarios/s001-05-gather-return-values.js";
import s15 from "./scenarios/s001-06-run-in-executor.js";
import s16 from "./scenarios/s002-01-sync-tasks.js";
import s17 from "./scenarios/s002-02-async-gather-tasks.js";
import s18 from "./scenarios/s002-03-greet-sequential.js";
import s19 from "./scenarios/s002-04-gather-two-tasks.js";
import s20 from "./scenarios/s002-05-get-event-loop-deprecated.js";
import s21 from "./scenarios/s002-06-asyncio-run-hello.js";
import s22 from "./scenarios/s002-07-create-task-await-order.js";
import s23 from "./scenarios/s002-08-future-set-result.js";
import s24 from "./scenarios/s002-09-task-vs-future.js";
import s25 from "./scenarios/s002-10-async-def-return.js";
import s26 from "./scenarios/s002-11-fetch-and-process-random.js";
import s27 from "./scenarios/s002-12-gather-results.js";
import s28 from "./scenarios/s002-13-create-task-background.js";
import s29 from "./scenarios/s002-14-aiofiles-uppercase.js";
import s30 from "./scenarios/s002-15-aiohttp-download-sites.js";
import s31 from "./scenarios/s002-16-aiohttp-aiofiles-save.js";
import s32 from "./scenarios/s002-17-try-except.js";
import s33 from "./scenarios/s002-18-gather-return-exceptions.js";
import s34 from "./scenarios/s002-19-debug-mode-effects.js";
import s35 from "./scenarios/s002-20-never-awaited-warning.js";
import s36 from "./scenarios/s002-21-never-awaited-debug-traceback.js";
import s37 from "./scenarios/s002-22-logging-debug.js";
import s38 from "./scenarios/s002-23-current-task-all-tasks.js";
import s39 from "./scenarios/s003-01-future-states.js";
import s40 from "./scenarios/s003-02-task-is-a-future.js";
import s41 from "./scenarios/s003-03-coroutine-chain-mechanics.js";
import s42 from "./scenarios/s003-04-loop-close-pending-task.js";
import s43 from "./scenarios/s003-05-gather-sleep-list.js";
import s44 from "./scenarios/s003-06-blocking-vs-executor.js";
import s45 from "./scenarios/s004-01-hi-bye.js";
import s46 from "./scenarios/s004-02-await-print-typeerror.js";
import s47 from "./scenarios/s004-03-def-vs-async-def.js";
import s48 from "./scenarios/s004-04-subroutine-num-sum.js";
import s49 from "./scenarios/s004-05-generator-coroutine-send.js";
import s50 from "./scenarios/s004-06-sync-find-users.js";
import s51 from "./scenarios/s004-07-async-wait-find-users.js";

export const catalog: Scenario[] = [
  s00,
  s01,
  s02,
  s03,
  s04,
  s05,
  s06,
  s07,
  s08,
  s09,
  s10,
  s11,
  s12,
  s13,
  s14,
  s15,
  s16,
  s17,
  s18,
  s19,
  s20,
  s21,
  s22,
  s23,
  s24,
  s25,
  s26,
  s27,
  s28,
  s29,
  s30,
  s31,
  s32,
  s33,
  s34,
  s35,
  s36,
  s37,
  s38,
  s39,
  s40,
  s41,
  s42,
  s43,
  s44,
  s45,
  s46,
  s47,
  s48,
  s49,
  s50,
  s51,
];
