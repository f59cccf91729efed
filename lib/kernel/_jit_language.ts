/**
 * What `jit()`'s kernels may contain, as tables: the operators, Math's variadic functions, and
 * for each refused construct why and what to write instead. `_jit_codegen.ts` walks the source
 * with them; nothing outside these tables reaches generated code.
 *
 * @module
 */
import type { JsNode } from "./_js_parser.ts";

/** The comparisons among {@linkcode BINARY}: they give booleans. */
export const COMPARISONS: ReadonlySet<string> = new Set([
  "<",
  "<=",
  ">",
  ">=",
  "===",
  "!==",
  "==",
  "!=",
]);

/** Binary operators a kernel may use, as JavaScript evaluates them. */
export const BINARY: ReadonlySet<string> = new Set(["+", "-", "*", "/", "%", "**", ...COMPARISONS]);
/** Unary operators a kernel may use. */
export const UNARY: ReadonlySet<string> = new Set(["-", "+", "!"]);
/** Logical operators a kernel may use (they give an operand, as in JavaScript). */
export const LOGICAL: ReadonlySet<string> = new Set(["&&", "||"]);
/** Math's variadic functions: their `length` is not their arity. */
export const VARIADIC: ReadonlySet<string> = new Set(["max", "min", "hypot"]);

/** Why a node kind is refused, and what to write instead. */
export const REFUSED: Readonly<Record<string, string>> = {
  AssignmentExpression: "assignment (kernels compute one value: name it with const)",
  UpdateExpression: "++/-- (kernels compute one value: name it with const)",
  ThisExpression: "'this' (pass what it holds as a parameter)",
  TemplateLiteral: "a template literal (kernels compute numbers)",
  TaggedTemplateExpression: "a tagged template (kernels compute numbers)",
  ArrowFunctionExpression: "a nested function (write its body inline, or use const)",
  FunctionExpression: "a nested function (write its body inline, or use const)",
  ClassExpression: "a class (kernels compute numbers)",
  ChainExpression: "optional chaining (kernels see only numbers, never null or undefined)",
  SpreadElement: "a spread (pass each value as its own argument)",
  ArrayExpression: "an array literal (kernels compute one number per element)",
  ObjectExpression: "an object literal (kernels compute one number per element)",
  NewExpression: "'new' (kernels compute numbers)",
  AwaitExpression: "'await' (kernels are synchronous)",
  YieldExpression: "'yield' (kernels are not generators)",
  SequenceExpression: "the comma operator (name intermediate values with const)",
  MetaProperty: "a meta property",
  ImportExpression: "import()",
  IfStatement: "an if statement (use the conditional operator: c ? a : b)",
  ForStatement: "a loop (the kernel is already the loop over elements: write one element's value)",
  ForInStatement:
    "a loop (the kernel is already the loop over elements: write one element's value)",
  ForOfStatement:
    "a loop (the kernel is already the loop over elements: write one element's value)",
  WhileStatement:
    "a loop (the kernel is already the loop over elements: write one element's value)",
  DoWhileStatement:
    "a loop (the kernel is already the loop over elements: write one element's value)",
  FunctionDeclaration: "a nested function (write its body inline, or use const)",
  ExpressionStatement: "a statement other than const and return (kernels compute one value)",
  SwitchStatement: "a switch (use the conditional operator: c ? a : b)",
  TryStatement: "try (kernels do not throw)",
  ThrowStatement: "throw (kernels do not throw)",
  BlockStatement: "a nested block (write const and return at the top level of the body)",
};

/**
 * Whether `node` always gives a boolean: a comparison, a negation, or && / || of those.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseFunctionSource, type JsNode } from "./_js_parser.ts";
 * const body = (source: string) => parseFunctionSource(source).body as JsNode;
 * assert.equal(isBoolean(body("(x) => x > 0 && !x")), true);
 * assert.equal(isBoolean(body("(x) => x && x > 0")), false);
 * ```
 */
export function isBoolean(node: JsNode): boolean {
  if (node.type === "BinaryExpression") return COMPARISONS.has(node.operator as string);
  if (node.type === "UnaryExpression") return node.operator === "!";
  if (node.type === "LogicalExpression") {
    return isBoolean(node.left as JsNode) && isBoolean(node.right as JsNode);
  }
  return false;
}

/**
 * Whether `node`'s value, as a kernel stores it, is always 0 or 1: a boolean expression, or a
 * conditional whose two branches are (the literals 0 and 1 included).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { type JsNode, parseFunctionSource } from "./_js_parser.ts";
 * const body = (source: string) => parseFunctionSource(source).body as JsNode;
 * assert.equal(isZeroOrOne(body("(x) => x * x <= 1")), true);
 * assert.equal(isZeroOrOne(body("(x) => (x > 0 ? 1 : 0)")), true);
 * assert.equal(isZeroOrOne(body("(x) => (x > 0 ? 2 : 0)")), false);
 * assert.equal(isZeroOrOne(body("(x) => x")), false);
 * ```
 */
export function isZeroOrOne(node: JsNode): boolean {
  if (isBoolean(node)) return true;
  if (node.type === "Literal") return Object.is(node.value, 0) || node.value === 1;
  if (node.type === "ConditionalExpression") {
    return isZeroOrOne(node.consequent as JsNode) && isZeroOrOne(node.alternate as JsNode);
  }
  return false;
}

/**
 * What to do instead of a refused operator, if there is something to say.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.match(operatorHint("&")!, /32-bit integers/);
 * assert.equal(operatorHint("="), undefined);
 * ```
 */
export function operatorHint(op: string): string | undefined {
  if (op === "??") return "(kernels see only numbers, never null or undefined)";
  if (["&", "|", "^", "~", "<<", ">>", ">>>"].includes(op)) {
    return "(bitwise operators work on 32-bit integers: kernels compute float64)";
  }
  if (op === "typeof" || op === "void" || op === "delete" || op === "in" || op === "instanceof") {
    return "(kernels compute numbers)";
  }
  return undefined;
}

/**
 * A node kind in words with its article, for messages.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(article("ArrayExpression"), "an array expression");
 * ```
 */
export function article(type: string): string {
  const words = type.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
  return `${/^[aeiou]/.test(words) ? "an" : "a"} ${words}`;
}
