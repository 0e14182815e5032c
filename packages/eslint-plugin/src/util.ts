/**
 * What the rules share: the rule creator (docs URLs), and how a TypeScript type is told apart as an
 * aio coroutine, Future, Task or Promise.
 */
import { createRequire } from "node:module";
import { ESLintUtils, type ParserServicesWithTypeInformation, type TSESTree } from "@typescript-eslint/utils";
import ts from "typescript";

const manifest = createRequire(import.meta.url)("../package.json") as {
  repository: { url: string; directory: string };
};

/** Where each rule's page lives: docs/rules/ of this package in its repository (package.json's). */
export const DOCS_BASE = `${manifest.repository.url.replace(/^git\+/, "").replace(/\.git$/, "")}/blob/main/${manifest.repository.directory}/docs/rules`;

/** The docs metadata every rule of this plugin has. */
export interface AioRuleDocs {
  description: string;
  /** In the `recommended` config. */
  recommended: boolean;
  /** Needs type information (`parserOptions.projectService`). */
  requiresTypeChecking: true;
}

/** Makes a rule with its docs URL. */
export const createRule = ESLintUtils.RuleCreator<AioRuleDocs>((name) => `${DOCS_BASE}/${name}.md`);

function props(type: ts.Type, checker: ts.TypeChecker): Set<string> {
  return new Set(checker.getPropertiesOfType(checker.getApparentType(type)).map((p) => p.getName()));
}

/** Whether `type` is an aio Future (or Task): it has a Future's methods. */
export function isFutureType(type: ts.Type, checker: ts.TypeChecker): boolean {
  if (type.isUnion()) return type.types.length > 0 && type.types.every((t) => isFutureType(t, checker));
  const p = props(type, checker);
  return p.has("addDoneCallback") && p.has("getLoop") && p.has("result") && p.has("cancel");
}

/** Whether `type` is an aio Task (a Future that runs a coroutine). */
export function isTaskType(type: ts.Type, checker: ts.TypeChecker): boolean {
  if (type.isUnion()) return type.types.length > 0 && type.types.every((t) => isTaskType(t, checker));
  const p = props(type, checker);
  return isFutureType(type, checker) && p.has("getCoro") && p.has("getName");
}

/** Whether `type` is a Promise (a thenable that is not a Future). */
export function isPromiseType(type: ts.Type, checker: ts.TypeChecker): boolean {
  if (type.isUnion()) return type.types.length > 0 && type.types.every((t) => isPromiseType(t, checker));
  if (isFutureType(type, checker)) return false;
  return props(type, checker).has("then");
}

function isNothing(type: ts.Type): boolean {
  return (type.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Void | ts.TypeFlags.Never)) !== 0;
}

/**
 * Whether `type` is a coroutine: a Generator (what a `function*` returns; `Coro<T>`) whose yields are
 * Futures (or nothing: a bare yield, or no yield at all). A generator of other values is an iterator,
 * not a coroutine.
 */
export function isCoroutineType(type: ts.Type, checker: ts.TypeChecker): boolean {
  if (type.isUnion()) return type.types.length > 0 && type.types.every((t) => isCoroutineType(t, checker));
  const symbol = type.getSymbol() ?? type.aliasSymbol;
  if (symbol === undefined) return false;
  const name = symbol.getName();
  if (name !== "Generator") return false;
  const args = checker.getTypeArguments(type as ts.TypeReference);
  const yields = args[0];
  if (yields === undefined) return true;
  if ((yields.flags & (ts.TypeFlags.Unknown | ts.TypeFlags.Any)) !== 0) return true;
  const parts = yields.isUnion() ? yields.types : [yields];
  return parts.every((t) => isNothing(t) || isFutureType(t, checker));
}

/** The innermost function around `node`, if any. */
export function enclosingFunction(node: TSESTree.Node): TSESTree.FunctionLike | null {
  for (let n: TSESTree.Node | undefined = node.parent; n !== undefined; n = n.parent) {
    if (
      n.type === "FunctionDeclaration" ||
      n.type === "FunctionExpression" ||
      n.type === "ArrowFunctionExpression"
    ) {
      return n;
    }
  }
  return null;
}

/** Whether `fn` is a generator function that returns a coroutine (not an iterator of values). */
export function isCoroutineFunction(
  fn: TSESTree.FunctionLike | null,
  services: ParserServicesWithTypeInformation,
): boolean {
  if (fn === null || !("generator" in fn) || !fn.generator) return false;
  const checker = services.program.getTypeChecker();
  const tsNode = services.esTreeNodeToTSNodeMap.get(fn) as ts.SignatureDeclaration;
  const signature = checker.getSignatureFromDeclaration(tsNode);
  if (signature === undefined) return false;
  return isCoroutineType(checker.getReturnTypeOfSignature(signature), checker);
}

/** The last name of a reference: `sleep` → sleep, `loop.callLater` → callLater, `mod.CancelledError`. */
export function referenceName(node: TSESTree.Node): string | null {
  if (node.type === "Identifier") return node.name;
  if (node.type === "MemberExpression" && node.property.type === "Identifier") return node.property.name;
  return null;
}

/** The name a call is made through: `sleep(…)` → sleep, `loop.callLater(…)` → callLater. */
export function calleeName(call: TSESTree.CallExpression): string | null {
  return referenceName(call.callee);
}

/** Whether the function called is declared by an aio package (not another library's `sleep(ms)`). */
export function isAioCallee(
  call: TSESTree.CallExpression,
  services: ParserServicesWithTypeInformation,
): boolean {
  const checker = services.program.getTypeChecker();
  const tsNode = services.esTreeNodeToTSNodeMap.get(call.callee);
  let symbol = checker.getSymbolAtLocation(tsNode);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  const decls = symbol?.getDeclarations() ?? [];
  return decls.some((d) =>
    /[\\/](?:@aio[\\/][\w-]+|packages[\\/](?:loop|task|future|sync|executor|asyncio))[\\/]/.test(
      d.getSourceFile().fileName,
    ),
  );
}
