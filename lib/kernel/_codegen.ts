/**
 * Turns a parsed mathjs expression into the JavaScript of one loop over typed arrays. Only text
 * this module writes reaches the generated source: names are checked against the variables, the
 * parameters and the tables of `_language.ts`, then emitted as a fixed prefix plus the checked
 * identifier; numbers as their JS literal; operators and functions from those tables.
 *
 * @module
 */
import { KernelError } from "./kernel_error.ts";
import {
  ARITHMETIC,
  COMPARISONS,
  CONSTANTS,
  FUNCTIONS,
  integerConstant,
  MAX_UNROLLED_POWER,
  numberLiteral,
  type ParsedNode as Node,
  unsupportedConstruct,
} from "./_language.ts";
import { sourceArrays } from "./_kernel_function.ts";
import { STRING_LITERAL, tokenPosition } from "./_tokens.ts";

/** The names an expression may use besides `pi`, `e` and the functions. */
export interface KernelScope {
  /** The input arrays' elements, one array each, in the order the function takes them. */
  readonly variables: readonly string[];
  /** Scalar parameters, in the order the generated function takes them. */
  readonly params: readonly string[];
}

/**
 * JS source of a function `(src, dst, p_<name>...)` filling `dst[i]` from `src[i]`; with several
 * variables, `(src_<variable>..., dst, p_<name>...)`.
 */
export interface GeneratedKernel {
  readonly parameterNames: readonly string[];
  readonly body: string;
}

interface Expr {
  readonly code: string;
  readonly boolean: boolean;
}

/**
 * Generates the loop for the mathjs tree `root` of `expression`; throws {@linkcode KernelError}
 * at the first unknown name or unsupported construct.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parse } from "npm:mathjs@15.2.0";
 * const scope = { variables: ["x"], params: ["p"] };
 * const { parameterNames, body } = generateKernel("p*x^2", parse("p*x^2"), scope);
 * assert.deepEqual(parameterNames, ["src", "dst", "p_p"]);
 * assert.match(body, /dst\[i\] = \(p_p \* \(v_x \* v_x\)\);/);
 * const two = generateKernel("x - y", parse("x - y"), { variables: ["x", "y"], params: [] });
 * assert.deepEqual(two.parameterNames, ["src_x", "src_y", "dst"]);
 * ```
 */
export function generateKernel(
  expression: string,
  root: unknown,
  scope: KernelScope,
): GeneratedKernel {
  const generator = new Generator(expression, scope);
  const value = number(generator.emit(root as Node));
  const temps = Array.from({ length: generator.temps }, (_, k) => `t${k} = 0`);
  const arrays = sourceArrays(scope.variables);
  const body = [
    '"use strict";',
    `const n = ${arrays[0]}.length;`,
    ...(temps.length > 0 ? [`let ${temps.join(", ")};`] : []),
    "for (let i = 0; i < n; i++) {",
    ...scope.variables.map((name, k) => `  const v_${name} = ${arrays[k]}[i];`),
    `  dst[i] = ${value};`,
    "}",
    "return dst;",
  ].join("\n");
  const parameterNames = [...arrays, "dst", ...scope.params.map((name) => `p_${name}`)];
  return { parameterNames, body };
}

function quoted(op: string): string {
  return op === "'" ? `"'"` : `'${op}'`;
}

function number(expr: Expr): string {
  return expr.boolean ? `(${expr.code} ? 1 : 0)` : expr.code;
}

class Generator {
  temps = 0;
  readonly #expression: string;
  readonly #scope: KernelScope;
  // How many tokens of each text the walk has passed: an error's position is the next one.
  readonly #passed = new Map<string, number>();

  constructor(expression: string, scope: KernelScope) {
    this.#expression = expression;
    this.#scope = scope;
  }

  #pass(token: string): void {
    this.#passed.set(token, (this.#passed.get(token) ?? 0) + 1);
  }

  #fail(reason: string, token: string | null, hint?: string): never {
    const position = token === null
      ? null
      : tokenPosition(this.#expression, token, this.#passed.get(token) ?? 0);
    throw new KernelError(reason, this.#expression, position, hint === undefined ? {} : { hint });
  }

  #allowed(): string {
    const names = [...this.#scope.variables, ...this.#scope.params, ...Object.keys(CONSTANTS)];
    return `(allowed: ${[...names, ...Object.keys(FUNCTIONS)].join(", ")})`;
  }

  // Children are visited in source order, so the token counts match the text.
  emit(node: Node): Expr {
    switch (node.type) {
      case "ConstantNode":
        return this.#constant(node.value);
      case "SymbolNode":
        return this.#symbol(node.name as string);
      case "ParenthesisNode":
        return this.emit(node.content as Node);
      case "OperatorNode":
        return this.#operator(node);
      case "FunctionNode":
        return this.#call(node.fn as Node, node.args as Node[]);
      case "ConditionalNode": {
        const condition = this.emit(node.condition as Node).code;
        this.#pass("?");
        const whenTrue = number(this.emit(node.trueExpr as Node));
        this.#pass(":");
        const whenFalse = number(this.emit(node.falseExpr as Node));
        return { code: `(${condition} ? ${whenTrue} : ${whenFalse})`, boolean: false };
      }
      default: {
        const { reason, token, before, hint } = unsupportedConstruct(node);
        for (const item of before) {
          if (typeof item === "string") this.#pass(item);
          else this.emit(item);
        }
        return this.#fail(reason, token, hint);
      }
    }
  }

  #constant(value: unknown): Expr {
    if (typeof value === "number") return { code: numberLiteral(value), boolean: false };
    if (value === undefined) return this.#fail("empty expression", null);
    const token = typeof value === "string" ? STRING_LITERAL : String(value);
    return this.#fail(
      `unsupported constant ${JSON.stringify(value) ?? value}`,
      token,
      "(only numbers)",
    );
  }

  #symbol(name: string): Expr {
    const { variables, params } = this.#scope;
    const code = variables.includes(name)
      ? `v_${name}`
      : params.includes(name)
      ? `p_${name}`
      : CONSTANTS[name];
    if (code === undefined) {
      if (Object.hasOwn(FUNCTIONS, name)) {
        this.#fail(`'${name}' is a function`, name, `(call it as ${name}(...))`);
      }
      this.#fail(`unknown name '${name}'`, name, this.#allowed());
    }
    this.#pass(name);
    return { code, boolean: false };
  }

  #operator(node: Node): Expr {
    const op = node.op as string;
    const args = node.args as Node[];
    if (node.isPercentage) {
      this.emit(args[0]!);
      return this.#fail("unsupported operator '%' (percentage)", "%");
    }
    if (args.length === 1) {
      const postfix = op === "!" || op === "'";
      if (postfix) this.emit(args[0]!);
      if (postfix || (op !== "-" && op !== "+")) {
        return this.#fail(`unsupported operator ${quoted(op)} (${node.fn})`, op);
      }
      this.#pass(op);
      return { code: `(${op}${number(this.emit(args[0]!))})`, boolean: false };
    }
    const left = this.emit(args[0]!);
    if (node.implicit) {
      return { code: `(${number(left)} * ${number(this.emit(args[1]!))})`, boolean: false };
    }
    const js = ARITHMETIC[op] ?? COMPARISONS[op];
    if (js === undefined && op !== "^") {
      this.#fail(`unsupported operator ${quoted(op)} (${node.fn})`, op);
    }
    this.#pass(op);
    const right = this.emit(args[1]!);
    if (op === "^") return this.#power(left, right, args[1]!);
    const code = `(${number(left)} ${js} ${number(right)})`;
    return { code, boolean: Object.hasOwn(COMPARISONS, op) };
  }

  /** `a^n` for integer `n` as `n` multiplications (through a temp unless `a` is a name). */
  #power(base: Expr, exponent: Expr, exponentNode: Node): Expr {
    const n = integerConstant(exponentNode);
    if (n === null || Math.abs(n) > MAX_UNROLLED_POWER) {
      return { code: `Math.pow(${number(base)}, ${number(exponent)})`, boolean: false };
    }
    if (n === 0) return { code: "1", boolean: false }; // as Math.pow: x^0 is 1 even for NaN
    const simple = /^[\w.]+$/.test(base.code);
    const factor = simple ? base.code : `t${this.temps++}`;
    const product = Array.from({ length: Math.abs(n) }, () => factor).join(" * ");
    const value = n > 0 ? `(${product})` : `(1 / (${product}))`;
    return { code: simple ? value : `(${factor} = ${number(base)}, ${value})`, boolean: false };
  }

  #call(callee: Node, args: Node[]): Expr {
    if (callee.type !== "SymbolNode") return this.#fail("only named functions can be called", null);
    const name = callee.name as string;
    const fn = Object.hasOwn(FUNCTIONS, name) ? FUNCTIONS[name]! : undefined;
    if (fn === undefined) {
      const { variables, params } = this.#scope;
      const known = variables.includes(name) || params.includes(name) ||
        Object.hasOwn(CONSTANTS, name);
      this.#fail(
        known ? `'${name}' is not a function` : `unknown name '${name}'`,
        name,
        this.#allowed(),
      );
    } else if (fn.arity === "1+" ? args.length === 0 : args.length !== fn.arity) {
      const expected = fn.arity === "1+"
        ? "at least 1 argument"
        : `${fn.arity} argument${fn.arity === 1 ? "" : "s"}`;
      this.#fail(`${name}() takes ${expected}, received ${args.length}`, name);
    }
    this.#pass(name);
    const values = args.map((arg) => this.emit(arg));
    if (name === "pow") return this.#power(values[0]!, values[1]!, args[1]!);
    return { code: `${fn!.js}(${values.map(number).join(", ")})`, boolean: false };
  }
}
