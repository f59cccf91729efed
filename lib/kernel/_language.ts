/**
 * What the kernel language has: mathjs syntax restricted to float64 arithmetic. The tables here
 * are the only source of operators and function names in generated code; for the constructs
 * mathjs parses but kernels lack, {@linkcode unsupportedConstruct} says where to point.
 *
 * @module
 */

/** A parsed mathjs node as read here (mathjs's own types are generic over every node kind). */
export interface ParsedNode {
  readonly type: string;
  readonly [field: string]: unknown;
}

/** Math functions a kernel may call: name → JS function and how many arguments it takes. */
export const FUNCTIONS: Readonly<Record<string, { js: string; arity: number | "1+" }>> = {
  ...Object.fromEntries(
    ["sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "exp", "log"]
      .concat(["log10", "log2", "sqrt", "abs", "floor", "ceil", "round"])
      .map((name) => [name, { js: `Math.${name}`, arity: 1 }]),
  ),
  min: { js: "Math.min", arity: "1+" },
  max: { js: "Math.max", arity: "1+" },
  pow: { js: "Math.pow", arity: 2 },
};
/** Named constants → JS. */
export const CONSTANTS: Readonly<Record<string, string>> = { pi: "Math.PI", e: "Math.E" };
/** Binary arithmetic operators (`^` is handled apart: it may be unrolled) → JS. */
export const ARITHMETIC: Readonly<Record<string, string>> = {
  "+": "+",
  "-": "-",
  "*": "*",
  "/": "/",
};
/** Comparisons → JS; they give booleans, turned into 1/0 where a number is needed. */
export const COMPARISONS: Readonly<Record<string, string>> = {
  ">": ">",
  "<": "<",
  ">=": ">=",
  "<=": "<=",
  "==": "===",
  "!=": "!==",
};
/**
 * Beyond this, `a^n` calls Math.pow: n - 1 multiplications stop being cheaper, and each one
 * adds up to half an ulp of rounding error.
 */
export const MAX_UNROLLED_POWER = 8;

// A chain like `a < b < c` (RelationalNode) names its comparisons by mathjs function.
const COMPARISON_TOKENS: Readonly<Record<string, string>> = {
  larger: ">",
  smaller: "<",
  largerEq: ">=",
  smallerEq: "<=",
  equal: "==",
  unequal: "!=",
};

/**
 * The JS literal of a number; negative values in parentheses so they can follow any operator.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.deepEqual([1e-7, -2, 1e400, NaN].map(numberLiteral), ["1e-7", "(-2)", "Infinity", "NaN"]);
 * ```
 */
export function numberLiteral(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (Object.is(value, -0)) return "(-0)";
  const text = value === Infinity ? "Infinity" : value === -Infinity ? "-Infinity" : `${value}`;
  return value < 0 ? `(${text})` : text;
}

/**
 * The integer an exponent node stands for (`3`, `-2`, `(2)`), or null.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parse } from "npm:mathjs@15.2.0";
 * assert.equal(integerConstant(parse("-(3)") as unknown as ParsedNode), -3);
 * assert.equal(integerConstant(parse("0.5") as unknown as ParsedNode), null);
 * ```
 */
export function integerConstant(node: ParsedNode): number | null {
  if (node.type === "ParenthesisNode") return integerConstant(node.content as ParsedNode);
  if (node.type === "ConstantNode") {
    return Number.isInteger(node.value) ? node.value as number : null;
  }
  if (node.type === "OperatorNode" && (node.args as ParsedNode[]).length === 1) {
    const inner = integerConstant((node.args as ParsedNode[])[0]!);
    if (inner === null) return null;
    if (node.fn === "unaryMinus") return -inner;
    if (node.fn === "unaryPlus") return inner;
  }
  return null;
}

/** How to report a construct kernels lack. */
export interface Unsupported {
  readonly reason: string;
  /** The token to point at, or null if it cannot be placed. */
  readonly token: string | null;
  /** What precedes that token in source order: nodes to check, tokens to count. */
  readonly before: ReadonlyArray<ParsedNode | string>;
  readonly hint?: string;
}

/**
 * The report for a node type the kernel language does not have.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parse } from "npm:mathjs@15.2.0";
 * const report = unsupportedConstruct(parse("x[1]") as unknown as ParsedNode);
 * assert.equal(report.token, "[");
 * assert.equal(report.before.length, 1);
 * ```
 */
export function unsupportedConstruct(node: ParsedNode): Unsupported {
  switch (node.type) {
    case "RelationalNode": {
      const [first, second] = (node.conditionals as string[]).map((c) => COMPARISON_TOKENS[c]!);
      const [left, middle] = node.params as ParsedNode[];
      const hint = "(write (a < b) * (b < c))";
      return {
        reason: "chained comparisons are not supported",
        token: second!,
        before: [left!, first!, middle!],
        hint,
      };
    }
    case "AccessorNode": {
      const dot = (node.index as { dotNotation: boolean }).dotNotation;
      const token = node.optionalChaining ? "?." : dot ? "." : "[";
      return {
        reason: "property access and indexing are not supported",
        token,
        before: [node.object as ParsedNode],
      };
    }
    case "AssignmentNode":
    case "FunctionAssignmentNode":
      return { reason: "assignment is not supported", token: "=", before: [] };
    case "BlockNode": {
      const [first] = node.blocks as Array<{ node: ParsedNode; visible: boolean }>;
      const token = first!.visible ? "\n" : ";";
      return { reason: "only one expression is allowed", token, before: [first!.node] };
    }
    case "RangeNode":
      return { reason: "ranges are not supported", token: ":", before: [node.start as ParsedNode] };
    case "ArrayNode":
      return { reason: "matrices are not supported", token: "[", before: [] };
    case "ObjectNode":
      return { reason: "objects are not supported", token: "{", before: [] };
    default:
      return { reason: `unsupported syntax (${node.type})`, token: null, before: [] };
  }
}
