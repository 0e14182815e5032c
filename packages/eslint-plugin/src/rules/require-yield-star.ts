import { ESLintUtils, type TSESTree } from "@typescript-eslint/utils";
import { createRule, isCoroutineType, isFutureType, isPromiseType } from "../util.js";

/**
 * `yield e` hands `e` to the Task as it is: a coroutine never runs, a Future or a Promise is not
 * waited for (the Task fails with "yield was used instead of yield*"). `yield* e` awaits it.
 */
export default createRule({
  name: "require-yield-star",
  meta: {
    type: "problem",
    docs: {
      description: "Require yield* (not yield) for coroutines, Futures, Tasks and Promises in a coroutine",
      recommended: true,
      requiresTypeChecking: true,
    },
    fixable: "code",
    hasSuggestions: true,
    schema: [],
    messages: {
      yieldCoroutine: "yield hands the coroutine over unrun: write yield* to await it (Python: await).",
      yieldFuture: "yield hands the Future over without waiting for it: write yield* to await it.",
      yieldPromise: "A coroutine cannot yield a Promise: wrap it, yield* ensureFuture(promise).",
      useEnsureFuture: "Write yield* ensureFuture(…) (import ensureFuture from @aio/task).",
    },
  },
  defaultOptions: [],
  create(context) {
    const services = ESLintUtils.getParserServices(context);
    const checker = services.program.getTypeChecker();
    const source = context.sourceCode;
    return {
      YieldExpression(node: TSESTree.YieldExpression) {
        if (node.delegate || node.argument === null) return;
        const arg = node.argument;
        const type = services.getTypeAtLocation(arg);
        const star = (fixer: Parameters<NonNullable<Parameters<typeof context.report>[0]["fix"]>>[0]) =>
          fixer.replaceTextRange([node.range[0], arg.range[0]], "yield* ");
        if (isCoroutineType(type, checker)) {
          context.report({ node, messageId: "yieldCoroutine", fix: star });
        } else if (isFutureType(type, checker)) {
          context.report({ node, messageId: "yieldFuture", fix: star });
        } else if (isPromiseType(type, checker)) {
          context.report({
            node,
            messageId: "yieldPromise",
            suggest: [
              {
                messageId: "useEnsureFuture",
                fix: (fixer) => fixer.replaceText(node, `yield* ensureFuture(${source.getText(arg)})`),
              },
            ],
          });
        }
      },
    };
  },
});
