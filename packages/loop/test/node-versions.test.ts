/**
 * This package's suite on the other Node versions the core supports, 22 and 24 (npm's node
 * package, installed by tools/node-versions), as it runs on the workspace's Node 20: every test
 * file but this one must pass with none left out.
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describeOtherNodes } from "@aio/node-versions";

describeOtherNodes(join(dirname(fileURLToPath(import.meta.url)), ".."));
