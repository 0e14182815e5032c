import { ESLintUtils, type TSESTree } from "@typescript-eslint/utils";
import { calleeName, createRule, isCoroutineType } from "../util.js";

/** Calls that run (consume) a coroutine given to them. */
const CONSUMERS = new Set([
  "createTask",
  "ensureFuture",
  "gather",
  "run",
  "toPromise",
  "runUntilComplete",
  "shield",
  "waitFor",
  "timeout",
  "Task",
]);

const LOOPS = new Set([
  "ForStatement",
  "ForInStatement",
  "ForOfStatement",
  "WhileStatement",
  "DoWhileStatement",
]);

/** Whether this use of the variable runs the coroutine: `yield* c`, `createTask(c)`, `gather(a, c)`. */
function consumes(ref: TSESTree.Identifier): boolean {
  const parent = ref.parent;
  if (parent?.type === "YieldExpression" && parent.delegate && parent.argument === ref) return true;
  if (
    (parent?.type === "CallExpression" || parent?.type === "NewExpression") &&
    parent.arguments.includes(ref)
  ) {
    const name =
      parent.type === "CallExpression"
        ? calleeName(parent)
        : parent.callee.type === "Identifier"
          ? parent.callee.name
          : null;
    return name !== null && CONSUMERS.has(name);
  }
  return false;
}

function insideLoopOf(node: TSESTree.Node, stop: TSESTree.Node): boolean {
  for (let n = node.parent; n !== undefined && n !== stop; n = n.parent) {
    if (LOOPS.has(n.type)) return true;
    if (
      n.type === "FunctionDeclaration" ||
      n.type === "FunctionExpression" ||
      n.type === "ArrowFunctionExpression"
    )
      return false;
  }
  return false;
}

/**
 * A coroutine object runs once: awaiting or scheduling it a second time fails ("cannot reuse
 * already awaited coroutine"). Call the coroutine function again for a second run.
 */
export default createRule({
  name: "no-reused-coroutine",
  meta: {
    type: "problem",
    docs: {
      description: "Disallow running the same coroutine object twice (yield*, createTask, gather…)",
      recommended: true,
      requiresTypeChecking: true,
    },
    schema: [],
    messages: {
      reused:
        "'{{name}}' is a coroutine object that already ran (line {{line}}): a coroutine runs once (Python: " +
        '"cannot reuse already awaited coroutine"). Call the coroutine function again.',
      inLoop:
        "'{{name}}' is one coroutine object, run on every turn of this loop: it runs once only (Python: " +
        '"cannot reuse already awaited coroutine"). Make it inside the loop.',
    },
  },
  defaultOptions: [],
  create(context) {
    const services = ESLintUtils.getParserServices(context);
    const checker = services.program.getTypeChecker();
    return {
      VariableDeclarator(node: TSESTree.VariableDeclarator) {
        if (node.id.type !== "Identifier" || node.init === null || node.init === undefined) return;
        if (!isCoroutineType(services.getTypeAtLocation(node.id), checker)) return;
        const [variable] = context.sourceCode.getDeclaredVariables(node);
        if (variable === undefined) return;
        // A variable assigned again holds a new coroutine each time: out of scope for this rule.
        if (variable.references.some((r) => r.isWrite() && r.identifier !== node.id)) return;
        const declaration = node.parent?.parent ?? node;
        let first: TSESTree.Identifier | null = null;
        for (const ref of variable.references) {
          const id = ref.identifier as TSESTree.Identifier;
          if (id === node.id || !consumes(id)) continue;
          if (first === null) {
            first = id;
            if (insideLoopOf(id, declaration))
              context.report({ node: id, messageId: "inLoop", data: { name: id.name } });
            continue;
          }
          context.report({
            node: id,
            messageId: "reused",
            data: { name: id.name, line: String(first.loc.start.line) },
          });
        }
      },
    };
  },
});
