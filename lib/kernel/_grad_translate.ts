/**
 * The first half of `grad()`: a function `jit()` accepts, read as a mathjs expression that
 * mathjs's `derivative` can differentiate. Parameter `k` becomes the symbol `p<k>` (no clash with
 * mathjs's own names), each `const` is substituted where it is used, `**` becomes `^`, Math's
 * constants become their numbers. What has no derivative (comparisons, `?:`, `&&`, `%`,
 * `Math.floor`...) is a KernelError with a caret under it.
 *
 * @module
 */
import type { JsNode } from "./_js_parser.ts";
import { KernelError } from "./kernel_error.ts";

/** Math functions grad() differentiates, as mathjs writes them (`$` is the argument). */
const FUNCTIONS: Readonly<Record<string, string>> = {
  ...Object.fromEntries(
    ["sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "asinh", "acosh"]
      .concat(["atanh", "exp", "log", "log10", "sqrt", "abs"])
      .map((name) => [name, `${name}($)`]),
  ),
  log2: "log($, 2)",
};

/** Why a Math function is refused, and what to write instead. */
const NOT_DIFFERENTIABLE: Readonly<Record<string, string>> = {
  floor: "it is piecewise constant",
  ceil: "it is piecewise constant",
  round: "it is piecewise constant",
  trunc: "it is piecewise constant",
  sign: "it is piecewise constant",
  fround: "it rounds to float32",
  clz32: "it works on 32-bit integers",
  imul: "it works on 32-bit integers",
  min: "it is not differentiable where its arguments tie",
  max: "it is not differentiable where its arguments tie",
};
/** Math functions mathjs lacks a derivative for, with a formula it has. */
const REWRITE: Readonly<Record<string, string>> = {
  cbrt: "mathjs's derivative of it is NaN below 0: write Math.pow(x, 1 / 3) for x > 0",
  log1p: "mathjs has no derivative of it: write Math.log(1 + x) if its precision is enough",
  expm1: "mathjs has no derivative of it: write Math.exp(x) - 1 if its precision is enough",
  hypot: "mathjs has no derivative of it: write Math.sqrt(x * x + y * y)",
  atan2: "mathjs has no derivative of it: write Math.atan(y / x) where x > 0",
};

/** Longest mathjs text accepted: substituting consts can double it per level of nesting. */
export const MAX_EXPRESSION_LENGTH = 100_000;

/**
 * The mathjs text of the function `root` (already accepted by `jit()`'s checks) from `source`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseFunctionSource } from "./_js_parser.ts";
 * const source = "(x, c) => { const s = Math.sin(x); return c * s ** 2; }";
 * assert.equal(mathjsText(source, parseFunctionSource(source)), "(p1 * (sin(p0) ^ 2))");
 * ```
 */
export function mathjsText(source: string, root: JsNode): string {
  return new Translator(source).function(root);
}

class Translator {
  readonly #source: string;
  readonly #params = new Map<string, string>();
  readonly #locals = new Map<string, string>();

  constructor(source: string) {
    this.#source = source;
  }

  #fail(reason: string, at: number, hint: string): never {
    throw new KernelError(`cannot differentiate ${reason}`, this.#source, at, {
      caller: "grad()",
      hint,
    });
  }

  function(node: JsNode): string {
    (node.params as JsNode[]).forEach((param, k) =>
      this.#params.set(param.name as string, `p${k}`)
    );
    const body = node.body as JsNode;
    if (body.type !== "BlockStatement") return this.#checked(this.#expr(body), body);
    for (const statement of body.body as JsNode[]) {
      if (statement.type === "VariableDeclaration") {
        for (const declarator of statement.declarations as JsNode[]) {
          const name = (declarator.id as JsNode).name as string;
          this.#locals.set(name, this.#checked(this.#expr(declarator.init as JsNode), declarator));
        }
      } else if (statement.type === "ReturnStatement") {
        const argument = statement.argument as JsNode;
        return this.#checked(this.#expr(argument), argument);
      }
    }
    throw new Error("grad(): a function jit() accepted has no return"); // jit() refuses it
  }

  #checked(text: string, node: JsNode): string {
    if (text.length <= MAX_EXPRESSION_LENGTH) return text;
    throw new KernelError(
      `the expression is too large to differentiate (${text.length} characters once its ` +
        `consts are substituted, the limit is ${MAX_EXPRESSION_LENGTH})`,
      this.#source,
      node.start,
      { caller: "grad()", hint: "(use each const fewer times, or split the function)" },
    );
  }

  #expr(node: JsNode): string {
    switch (node.type) {
      case "Literal":
        return `${node.value as number}`;
      case "Identifier": {
        const name = node.name as string;
        const text = this.#params.get(name) ?? this.#locals.get(name) ?? name; // NaN, Infinity
        return text;
      }
      case "BinaryExpression": {
        const op = node.operator as string;
        const left = this.#expr(node.left as JsNode);
        if (!["+", "-", "*", "/", "**"].includes(op)) {
          const why = op === "%" ? "'%' (it is not continuous)" : `the comparison '${op}'`;
          this.#fail(why, this.#operatorAt(node, op), "(a derivative needs a smooth formula)");
        }
        const right = this.#expr(node.right as JsNode);
        return `(${left} ${op === "**" ? "^" : op} ${right})`;
      }
      case "LogicalExpression": {
        const op = node.operator as string;
        this.#fail(
          `'${op}'`,
          this.#operatorAt(node, op),
          "(it chooses an operand: a derivative needs a smooth formula)",
        );
        break;
      }
      case "UnaryExpression": {
        const op = node.operator as string;
        if (op === "!") this.#fail("'!'", node.start, "(a derivative needs a smooth formula)");
        const argument = this.#expr(node.argument as JsNode);
        return op === "-" ? `(-${argument})` : argument;
      }
      case "ConditionalExpression": {
        const test = node.test as JsNode;
        this.#expr(test); // a comparison in the test comes first in the source
        const at = this.#source.indexOf("?", test.end);
        this.#fail(
          "the conditional operator",
          at === -1 ? node.start : at,
          "(a derivative needs one formula for every element)",
        );
        break;
      }
      case "MemberExpression": {
        const name = (node.property as JsNode).name as string;
        return `${(Math as unknown as Record<string, number>)[name]}`;
      }
      case "CallExpression":
        return this.#call(node);
    }
    throw new Error(`grad(): unexpected ${node.type} in a function jit() accepted`);
  }

  #call(node: JsNode): string {
    const callee = node.callee as JsNode;
    const name = (callee.property as JsNode).name as string;
    const args = (node.arguments as JsNode[]).map((arg) => this.#expr(arg));
    if (name === "pow") return `(${args[0]} ^ ${args[1]})`;
    const template = FUNCTIONS[name];
    if (template !== undefined) return template.replace("$", () => args[0]!);
    const reason = NOT_DIFFERENTIABLE[name];
    this.#fail(
      `Math.${name}`,
      callee.start,
      reason !== undefined
        ? `(${reason})`
        : `(${REWRITE[name] ?? "mathjs has no derivative of it"})`,
    );
  }

  /** Where `op` stands between the operands of `node`. */
  #operatorAt(node: JsNode, op: string): number {
    const at = this.#source.indexOf(op, (node.left as JsNode).end);
    return at === -1 || at >= (node.right as JsNode).start ? node.start : at;
  }
}
