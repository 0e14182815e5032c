import { ESLintUtils, type TSESTree } from "@typescript-eslint/utils";
import { calleeName, createRule, isAioCallee } from "../util.js";

/** Which argument is a delay in seconds, by function name. */
const DELAY_ARG: Record<string, number> = { sleep: 0, timeout: 0, callLater: 0, waitFor: 1 };
/** Functions whose options object's `timeout` is in seconds. */
const TIMEOUT_OPTION = new Set(["wait", "asCompleted"]);

type Options = [{ threshold?: number | undefined }];

/**
 * asyncio's delays are seconds (`sleep(0.5)` is half a second); `sleep(1000)`, written by habit
 * from setTimeout, waits a quarter of an hour.
 */
export default createRule<Options, "milliseconds" | "divide">({
  name: "seconds-not-milliseconds",
  meta: {
    type: "problem",
    docs: {
      description: "Disallow delays that look like milliseconds where aio takes seconds",
      recommended: true,
      requiresTypeChecking: true,
    },
    hasSuggestions: true,
    schema: [
      {
        type: "object",
        properties: { threshold: { type: "number", minimum: 1 } },
        additionalProperties: false,
      },
    ],
    messages: {
      milliseconds:
        "{{call}} takes seconds, as asyncio does: {{value}} is {{human}}. Did you mean {{seconds}} (milliseconds / 1000)?",
      divide: "Write {{seconds}} seconds.",
    },
  },
  defaultOptions: [{ threshold: 100 }],
  create(context, [options]) {
    const services = ESLintUtils.getParserServices(context);
    const threshold = options.threshold ?? 100;
    const check = (call: string, node: TSESTree.Node | undefined) => {
      if (node === undefined || node.type !== "Literal" || typeof node.value !== "number") return;
      const value = node.value;
      if (value < threshold) return;
      // Whole hours up to a week (3600, 7200, 86400…) are seconds meant as such ("wait an hour"),
      // not a habit from setTimeout.
      if (value % 3600 === 0 && value <= 7 * 86400) return;
      const seconds = String(value / 1000);
      const human =
        value >= 3600
          ? `${(value / 3600).toFixed(1)} hours`
          : value >= 60
            ? `${(value / 60).toFixed(1)} minutes`
            : `${value} seconds`;
      context.report({
        node,
        messageId: "milliseconds",
        data: { call, value: String(value), human, seconds },
        suggest: [
          { messageId: "divide", data: { seconds }, fix: (fixer) => fixer.replaceText(node, seconds) },
        ],
      });
    };
    return {
      CallExpression(node: TSESTree.CallExpression) {
        const name = calleeName(node);
        if (name === null) return;
        const index = DELAY_ARG[name];
        if (index === undefined && !TIMEOUT_OPTION.has(name)) return;
        if (!isAioCallee(node, services)) return;
        if (index !== undefined) {
          check(`${name}()`, node.arguments[index]);
          return;
        }
        const opts = node.arguments[1];
        if (opts?.type !== "ObjectExpression") return;
        for (const p of opts.properties) {
          if (p.type === "Property" && p.key.type === "Identifier" && p.key.name === "timeout") {
            check(`${name}({ timeout })`, p.value);
          }
        }
      },
    };
  },
});
