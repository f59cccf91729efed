/**
 * The second half of `grad()`: mathjs's derivative, a mathjs expression tree over the symbols
 * `p<k>`, written back as the JavaScript of an arrow function over the original parameters, for
 * `jit()`'s code generation to turn into one fused loop.
 *
 * The derivative is taken unsimplified (mathjs's `simplify` assumes exact arithmetic: it turns
 * `1e-300 * x` into 0 and `(x^2)^0.5` into `x`), so this module removes the chain rule's
 * scaffolding itself, only where float64 gives the same bits: operations and Math functions of
 * numbers are computed now (as the loop would compute them), `a * 1`, `1 * a` and `a ^ 1` are `a`.
 *
 * @module
 */

/** A mathjs node as read here. */
interface MathNode {
  readonly type: string;
  readonly [field: string]: unknown;
}

/** mathjs functions in a derivative → JavaScript (`$` is the argument). */
const FUNCTIONS: Readonly<Record<string, string>> = {
  ...Object.fromEntries(
    ["sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "asinh", "acosh"]
      .concat(["atanh", "exp", "log10", "sqrt", "abs"])
      .map((name) => [name, `Math.${name}($)`]),
  ),
  log: "Math.log($)",
  sec: "(1 / Math.cos($))",
  csc: "(1 / Math.sin($))",
  cot: "(1 / Math.tan($))",
  sech: "(1 / Math.cosh($))",
  csch: "(1 / Math.sinh($))",
  coth: "(1 / Math.tanh($))",
};
const OPERATORS: Readonly<Record<string, string>> = {
  add: "+",
  subtract: "-",
  multiply: "*",
  divide: "/",
  pow: "**",
};
const SYMBOLS: Readonly<Record<string, string>> = {
  NaN: "NaN",
  Infinity: "Infinity",
  pi: "Math.PI",
  e: "Math.E",
};

/** An emitted expression, and its value when it is a number known now. */
interface Emitted {
  readonly code: string;
  readonly value: number | null;
}

/**
 * The JavaScript of the mathjs tree `root` over `p<k>`, with `p<k>` written `params[k]`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { derivative, parse } from "npm:mathjs@15.2.0";
 * const d = derivative(parse("sin(p0) * p0 ^ 2"), "p0", { simplify: false });
 * assert.equal(
 *   javascriptOf(d, ["x"]),
 *   "((Math.cos(x) * (x ** 2)) + (Math.sin(x) * (2 * x)))",
 * );
 * ```
 */
export function javascriptOf(root: unknown, params: readonly string[]): string {
  return new Emitter(params).emit(root as MathNode).code;
}

class Emitter {
  readonly #params: readonly string[];

  constructor(params: readonly string[]) {
    this.#params = params;
  }

  emit(node: MathNode): Emitted {
    switch (node.type) {
      case "ConstantNode":
        if (typeof node.value === "number") return constant(node.value);
        break;
      case "SymbolNode": {
        const name = node.name as string;
        const k = /^p(\d+)$/.exec(name);
        if (k !== null && Number(k[1]) < this.#params.length) {
          return { code: this.#params[Number(k[1])]!, value: null };
        }
        if (Object.hasOwn(SYMBOLS, name)) {
          const value = name === "NaN" ? NaN : name === "Infinity" ? Infinity : null;
          return value === null ? { code: SYMBOLS[name]!, value } : constant(value);
        }
        break;
      }
      case "ParenthesisNode":
        return this.emit(node.content as MathNode);
      case "OperatorNode":
        return this.#operator(node);
      case "FunctionNode":
        return this.#call(node);
    }
    return unexpected(node);
  }

  #operator(node: MathNode): Emitted {
    const args = (node.args as MathNode[]).map((arg) => this.emit(arg));
    const fn = node.fn as string;
    if (args.length === 1 && (fn === "unaryMinus" || fn === "unaryPlus")) {
      const [a] = args as [Emitted];
      if (fn === "unaryPlus") return a;
      return a.value !== null ? constant(-a.value) : { code: `(-${a.code})`, value: null };
    }
    const op = OPERATORS[fn];
    if (args.length !== 2 || op === undefined) return unexpected(node);
    const [a, b] = args as [Emitted, Emitted];
    if (a.value !== null && b.value !== null) return constant(apply(op, a.value, b.value));
    if (op === "*" && a.value === 1) return b;
    if ((op === "*" || op === "**") && b.value === 1) return a;
    // d/du |u| is |u| / u in mathjs: written sign(u), which is also jax's, and 0 (not NaN) at 0.
    if (op === "/" && isAbsOf(node.args as MathNode[])) {
      return { code: `Math.sign(${b.code})`, value: null };
    }
    return { code: `(${a.code} ${op} ${b.code})`, value: null };
  }

  #call(node: MathNode): Emitted {
    const name = (node.fn as MathNode).name as string;
    const args = (node.args as MathNode[]).map((arg) => this.emit(arg));
    const template = Object.hasOwn(FUNCTIONS, name) ? FUNCTIONS[name]! : undefined;
    if (template === undefined || args.length !== 1) return unexpected(node);
    const code = template.replace("$", () => args[0]!.code);
    // Of a number (`log(2)`, from the derivative of log2), computed now by the same Math.
    if (args[0]!.value !== null) return constant(new Function(`return ${code};`)() as number);
    return { code, value: null };
  }
}

/** Whether `[a, b]` is `[abs(u), u]`. */
function isAbsOf([a, b]: MathNode[]): boolean {
  if (a?.type !== "FunctionNode" || (a.fn as MathNode).name !== "abs") return false;
  const [u] = a.args as [{ equals(other: unknown): boolean }];
  return u.equals(b);
}

function apply(op: string, a: number, b: number): number {
  switch (op) {
    case "+":
      return a + b;
    case "-":
      return a - b;
    case "*":
      return a * b;
    case "/":
      return a / b;
    default:
      return a ** b;
  }
}

/** A number as a JS literal that reads back as the same bits and follows any operator. */
function constant(value: number): Emitted {
  const code = Number.isNaN(value)
    ? "NaN"
    : Object.is(value, -0)
    ? "(-0)"
    : value < 0
    ? `(${value === -Infinity ? "-Infinity" : value})`
    : `${value}`;
  return { code, value };
}

function unexpected(node: MathNode): never {
  throw new Error(
    `grad(): mathjs's derivative contains ${String((node as { toString(): string }).toString())} ` +
      `(a ${node.type}), which grad() cannot write as JavaScript: please report it`,
  );
}
