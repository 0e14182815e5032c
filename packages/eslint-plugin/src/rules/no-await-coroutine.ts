import { ESLintUtils, type TSESTree } from "@typescript-eslint/utils";
import { createRule, isCoroutineType } from "../util.js";

/**
 * `await coro` in async code returns at once: a generator is not a Promise (aio's coroutine
 * objects reject such an await with a TypeError at run time). `toPromise(coro)` runs it.
 */
export default createRule({
  name: "no-await-coroutine",
  meta: {
    type: "problem",
    docs: {
      description: "Disallow await on a coroutine; run it with toPromise() or run()",
      recommended: true,
      requiresTypeChecking: true,
    },
    hasSuggestions: true,
    schema: [],
    messages: {
      awaitCoroutine:
        "await does not run a coroutine (it is a generator, not a Promise): write await toPromise(…) in async " +
        "code, or yield* inside a coroutine.",
      useToPromise: "Write await toPromise(…) (import toPromise from @aio/task).",
    },
  },
  defaultOptions: [],
  create(context) {
    const services = ESLintUtils.getParserServices(context);
    const checker = services.program.getTypeChecker();
    return {
      AwaitExpression(node: TSESTree.AwaitExpression) {
        const type = services.getTypeAtLocation(node.argument);
        if (!isCoroutineType(type, checker)) return;
        const text = context.sourceCode.getText(node.argument);
        context.report({
          node,
          messageId: "awaitCoroutine",
          suggest: [
            {
              messageId: "useToPromise",
              fix: (fixer) => fixer.replaceText(node, `await toPromise(${text})`),
            },
          ],
        });
      },
    };
  },
});
