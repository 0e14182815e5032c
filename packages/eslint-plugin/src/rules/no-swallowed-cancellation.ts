import { ESLintUtils, type TSESTree } from "@typescript-eslint/utils";
import { calleeName, createRule, enclosingFunction, isCoroutineFunction, referenceName } from "../util.js";

type Flow = "throws" | "exits" | "falls";
/** What a condition is when the caught value is a CancelledError: known, or either. */
type Truth = true | false | "unknown";

/** Classes a CancelledError is an instance of (it extends Error). */
const CANCELLED_IS = new Set(["CancelledError", "Error", "Object"]);
/** Properties a CancelledError has; any other property reads as undefined. */
const CANCELLED_PROPS = new Set(["message", "name", "stack", "cause", "args", "constructor", "toString"]);

/** The caught value's names: the catch parameter, and aliases made of it (`const err = e as OSError`). */
type Names = ReadonlySet<string>;

function isName(node: TSESTree.Node, name: Names): boolean {
  if (node.type === "Identifier") return name.has(node.name);
  if (
    node.type === "TSAsExpression" ||
    node.type === "TSNonNullExpression" ||
    node.type === "TSTypeAssertion"
  ) {
    return isName(node.expression, name);
  }
  return false;
}

/** The value of `node` when the caught value is a CancelledError, if it can be told. */
function valueWhenCancelled(node: TSESTree.Node, name: Names): { known: boolean; value?: unknown } {
  if (node.type === "Literal") return { known: true, value: node.value };
  if (node.type === "Identifier" && node.name === "undefined") return { known: true, value: undefined };
  if (
    node.type === "MemberExpression" &&
    !node.computed &&
    node.property.type === "Identifier" &&
    isName(node.object, name)
  ) {
    const prop = node.property.name;
    if (prop === "name") return { known: true, value: "CancelledError" };
    if (!CANCELLED_PROPS.has(prop)) return { known: true, value: undefined };
    return { known: false };
  }
  if (node.type === "UnaryExpression" && node.operator === "typeof") {
    const inner = valueWhenCancelled(node.argument, name);
    if (inner.known) return { known: true, value: inner.value === null ? "object" : typeof inner.value };
  }
  return { known: false };
}

/** Whether `test` holds when the caught value (`name`) is a CancelledError. */
function truth(test: TSESTree.Node, name: Names): Truth {
  switch (test.type) {
    case "CallExpression":
      return /^isCancel/.test(calleeName(test) ?? "") && test.arguments.some((a) => isName(a, name))
        ? true
        : "unknown";
    case "BinaryExpression": {
      if (test.operator === "instanceof") {
        if (!isName(test.left, name)) return "unknown";
        const cls = referenceName(test.right);
        return cls === null ? "unknown" : CANCELLED_IS.has(cls);
      }
      if (["===", "!==", "==", "!="].includes(test.operator)) {
        const a = valueWhenCancelled(test.left, name);
        const b = valueWhenCancelled(test.right, name);
        if (!a.known || !b.known) return "unknown";
        const loose = test.operator.length === 2;
        // biome-ignore lint/suspicious/noDoubleEquals: Python's == is JavaScript's loose equality here
        const equal = loose ? a.value == b.value : a.value === b.value;
        return test.operator.startsWith("!") ? !equal : equal;
      }
      return "unknown";
    }
    case "LogicalExpression": {
      const a = truth(test.left, name);
      const b = truth(test.right, name);
      if (test.operator === "&&")
        return a === false || b === false ? false : a === true && b === true ? true : "unknown";
      if (test.operator === "||")
        return a === true || b === true ? true : a === false && b === false ? false : "unknown";
      return "unknown";
    }
    case "UnaryExpression": {
      if (test.operator !== "!") return "unknown";
      const a = truth(test.argument, name);
      return a === "unknown" ? a : !a;
    }
    default:
      return "unknown";
  }
}

/**
 * Where a catch body leads when the caught value (`name`) is a CancelledError: re-thrown on every
 * path ("throws"), left another way on some path ("exits"), or falling through to the end.
 */
function flow(statements: TSESTree.Statement[], name: Names): Flow {
  for (const s of statements) {
    aliases(s, name as Set<string>);
    const f = flowOf(s, name);
    if (f !== "falls") return f;
  }
  return "falls";
}

/** `const err = e as OSError;`: `err` is the caught value too. */
function aliases(s: TSESTree.Statement, names: Set<string>): void {
  if (s.type !== "VariableDeclaration") return;
  for (const d of s.declarations) {
    if (d.id.type === "Identifier" && d.init && isName(d.init, names)) names.add(d.id.name);
  }
}

function flowOf(s: TSESTree.Statement, name: Names): Flow {
  switch (s.type) {
    case "ThrowStatement":
      // Throwing something else (a wrapper) still loses the CancelledError.
      return isName(s.argument, name) ? "throws" : "exits";
    case "ReturnStatement":
    case "BreakStatement":
    case "ContinueStatement":
      return "exits";
    case "BlockStatement":
      return flow(s.body, name);
    case "IfStatement": {
      const t = truth(s.test, name);
      const a = t === false ? null : flowOf(s.consequent, name);
      const b = t === true ? null : s.alternate ? flowOf(s.alternate, name) : "falls";
      const paths = [a, b].filter((x): x is Flow => x !== null);
      if (paths.every((p) => p === "throws")) return "throws";
      if (paths.some((p) => p === "exits")) return "exits";
      return "falls";
    }
    default:
      return "falls";
  }
}

/** Whether the try block suspends (a yield right in this function): only there can a CancelledError arrive. */
function suspends(node: TSESTree.Node): boolean {
  let found = false;
  const visit = (n: TSESTree.Node): void => {
    if (found) return;
    if (n.type === "YieldExpression") {
      found = true;
      return;
    }
    if (
      n.type === "FunctionDeclaration" ||
      n.type === "FunctionExpression" ||
      n.type === "ArrowFunctionExpression"
    )
      return;
    for (const key of Object.keys(n) as (keyof typeof n)[]) {
      if (key === "parent") continue;
      const v = n[key] as unknown;
      if (Array.isArray(v))
        for (const c of v) if (c && typeof c === "object" && "type" in c) visit(c as TSESTree.Node);
      if (v && typeof v === "object" && "type" in (v as object)) visit(v as TSESTree.Node);
    }
  };
  visit(node);
  return found;
}

/**
 * In JavaScript `catch` catches everything, CancelledError too: a catch in a coroutine that neither
 * re-throws on every path nor lets CancelledError through first keeps a cancelled task running.
 */
export default createRule({
  name: "no-swallowed-cancellation",
  meta: {
    type: "problem",
    docs: {
      description: "Require a catch in a coroutine to re-throw, or to let CancelledError through first",
      recommended: true,
      requiresTypeChecking: true,
    },
    schema: [],
    messages: {
      swallowed:
        "This catch also catches CancelledError and does not re-throw it on every path: the task goes on " +
        "after it was cancelled. Start it with `if (isCancelledError(err)) throw err;`.",
    },
  },
  defaultOptions: [],
  create(context) {
    const services = ESLintUtils.getParserServices(context);
    return {
      CatchClause(node: TSESTree.CatchClause) {
        const tryStatement = node.parent as TSESTree.TryStatement;
        if (!suspends(tryStatement.block)) return;
        if (!isCoroutineFunction(enclosingFunction(node), services)) return;
        const param = node.param;
        // Followed as if the caught value were a CancelledError: it must be re-thrown on every path
        // (a check such as isCancelledError(e), or one it cannot pass, such as e instanceof
        // TimeoutError, decides the branch).
        if (
          param !== null &&
          param.type === "Identifier" &&
          flow(node.body.body, new Set([param.name])) === "throws"
        ) {
          return;
        }
        context.report({ node, messageId: "swallowed" });
      },
    };
  },
});
