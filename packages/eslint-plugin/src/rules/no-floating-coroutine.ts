import { ESLintUtils, type TSESTree } from "@typescript-eslint/utils";
import {
  createRule,
  enclosingFunction,
  isCoroutineFunction,
  isCoroutineType,
  isFutureType,
  isTaskType,
} from "../util.js";

/**
 * A coroutine called as a statement does nothing: calling a `function*` only makes the coroutine
 * object (Python: "coroutine 'main' was never awaited"). A Future dropped the same way loses its
 * result and its error.
 */
export default createRule({
  name: "no-floating-coroutine",
  meta: {
    type: "problem",
    docs: {
      description:
        "Require coroutines (and Futures) made in a statement to be yield*-ed, scheduled, returned or kept",
      recommended: true,
      requiresTypeChecking: true,
    },
    fixable: "code",
    schema: [],
    messages: {
      floatingCoroutine:
        "This coroutine is never run: calling a coroutine function only makes the coroutine object " +
        '(Python: "coroutine was never awaited"). Write yield* before it, or give it to createTask()/gather().',
      floatingFuture:
        "This Future is dropped: nothing waits for it, so its result and its error are lost. Write yield* " +
        "before it or keep it.",
    },
  },
  defaultOptions: [],
  create(context) {
    const services = ESLintUtils.getParserServices(context);
    const checker = services.program.getTypeChecker();
    return {
      ExpressionStatement(node: TSESTree.ExpressionStatement) {
        const expr = node.expression;
        if (expr.type !== "CallExpression" && expr.type !== "Identifier" && expr.type !== "MemberExpression")
          return;
        const type = services.getTypeAtLocation(expr);
        let messageId: "floatingCoroutine" | "floatingFuture";
        if (isCoroutineType(type, checker)) messageId = "floatingCoroutine";
        // A Task runs by itself, kept alive by its loop, its errors reported: dropping it is allowed.
        else if (isFutureType(type, checker) && !isTaskType(type, checker)) messageId = "floatingFuture";
        else return;
        const inCoroutine = isCoroutineFunction(enclosingFunction(node), services);
        context.report({
          node: expr,
          messageId,
          ...(inCoroutine ? { fix: (fixer) => fixer.insertTextBefore(expr, "yield* ") } : {}),
        });
      },
    };
  },
});
