/**
 * Turns the parsed source of a scalar function into the JavaScript of one element of a kernel:
 * its parameters, its local `const`s and the returned value. The result means exactly what the
 * function means (the same operators, in JavaScript's semantics), fully parenthesised, with
 * parameters renamed `v_<name>` and locals `c_<name>`. Only constructs on the list below get
 * through; anything else is a KernelError with a caret under it and what to do instead.
 *
 * @module
 */
import type { JsNode } from "./_js_parser.ts";
import { KernelError } from "./kernel_error.ts";
import {
  article,
  BINARY,
  isBoolean,
  isZeroOrOne,
  LOGICAL,
  operatorHint,
  REFUSED,
  UNARY,
  VARIADIC,
} from "./_jit_language.ts";

/** One element of the kernel: `statements` (the locals) then `value`, over `v_<param>`s. */
export interface ElementCode {
  readonly params: readonly string[];
  /** `const c_<name> = ...;` lines, in source order. */
  readonly statements: readonly string[];
  /** The returned expression. */
  readonly value: string;
  /**
   * Whether every element is 0 or 1 (a comparison, `!`, or a conditional between 0 and 1): a
   * sum of them is then exact in any order, so a reduction may simply count.
   */
  readonly zeroOrOne?: boolean;
}

/**
 * The element code of the function `root` parsed from `source`, or a KernelError naming the
 * first construct a kernel does not support; its message starts with `caller` (`"grad()"` when
 * `grad()` checks a function with these rules).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseFunctionSource } from "./_js_parser.ts";
 * const source = "(x, y) => { const r = x * x + y * y; return r <= 1 ? 1 : 0; }";
 * const code = elementCode(source, parseFunctionSource(source));
 * assert.deepEqual(code.params, ["x", "y"]);
 * assert.deepEqual(code.statements, ["const c_r = ((v_x * v_x) + (v_y * v_y));"]);
 * assert.equal(code.value, "(+(c_r <= 1))"); // c ? 1 : 0 of a boolean c, without a branch
 * ```
 */
export function elementCode(source: string, root: JsNode, caller = "jit()"): ElementCode {
  return new Walker(source, caller).function(root);
}

class Walker {
  readonly #source: string;
  readonly #caller: string;
  readonly #params: string[] = [];
  readonly #locals = new Set<string>();
  /** Every const of the body, so a use before its declaration is told apart from a free name. */
  readonly #declared = new Set<string>();

  constructor(source: string, caller: string) {
    this.#source = source;
    this.#caller = caller;
  }

  #fail(reason: string, at: number | JsNode, hint?: string): never {
    const position = typeof at === "number" ? at : at.start;
    const caller = this.#caller;
    const options = hint === undefined ? { caller } : { caller, hint };
    throw new KernelError(reason, this.#source, position, options);
  }

  function(node: JsNode): ElementCode {
    if (node.type !== "ArrowFunctionExpression" && node.type !== "FunctionExpression") {
      this.#fail(`expected a function, found ${article(node.type)}`, node);
    }
    if (node.async === true) {
      this.#fail("an async function cannot be a kernel", node, "(kernels are synchronous)");
    }
    if (node.generator === true) {
      const star = this.#source.indexOf("*", node.start);
      this.#fail("a generator function cannot be a kernel", star, "(return one value)");
    }
    const params = node.params as JsNode[];
    if (params.length === 0) {
      this.#fail("the function takes no parameters", node, "(a kernel maps arrays: name one)");
    }
    for (const param of params) this.#param(param);
    const body = node.body as JsNode;
    if (body.type !== "BlockStatement") {
      const value = this.#expr(body);
      return { params: this.#params, statements: [], value, zeroOrOne: isZeroOrOne(body) };
    }
    return this.#block(body);
  }

  #param(param: JsNode): void {
    const what: Record<string, string> = {
      AssignmentPattern: "a default value",
      RestElement: "a rest parameter",
      ObjectPattern: "a destructuring parameter",
      ArrayPattern: "a destructuring parameter",
    };
    if (param.type !== "Identifier") {
      this.#fail(
        `${what[param.type] ?? article(param.type)} is not supported`,
        param,
        "(each parameter is one plain name, given an array or a number per call)",
      );
    }
    const name = param.name as string;
    if (name === "Math") this.#fail("a parameter named Math would hide Math.*", param);
    if (this.#params.includes(name)) this.#fail(`parameter '${name}' is given twice`, param);
    this.#params.push(name);
  }

  #block(body: JsNode): ElementCode {
    const statements: string[] = [];
    const list = body.body as JsNode[];
    for (const statement of list) {
      if (statement.type !== "VariableDeclaration") continue;
      for (const declarator of statement.declarations as JsNode[]) {
        const id = declarator.id as JsNode;
        if (id.type === "Identifier") this.#declared.add(id.name as string);
      }
    }
    for (const [k, statement] of list.entries()) {
      if (statement.type === "ExpressionStatement" && typeof statement.directive === "string") {
        continue;
      }
      if (statement.type === "ReturnStatement") {
        if (k !== list.length - 1) {
          this.#fail("code after return", list[k + 1]!, "(end the body with the return)");
        }
        if (statement.argument === null) this.#fail("return without a value", statement);
        const returned = statement.argument as JsNode;
        const value = this.#expr(returned);
        return { params: this.#params, statements, value, zeroOrOne: isZeroOrOne(returned) };
      }
      if (statement.type === "VariableDeclaration") {
        statements.push(...this.#declaration(statement));
        continue;
      }
      // An expression statement is refused for what it does: an assignment, a call...
      const culprit = statement.type === "ExpressionStatement"
        ? statement.expression as JsNode
        : statement;
      const refused = REFUSED[culprit.type] ?? REFUSED[statement.type] ?? article(statement.type);
      this.#fail(`unsupported: ${refused}`, culprit);
    }
    return this.#fail("the body has no return", body.end - 1, "(end it with return <value>;)");
  }

  #declaration(node: JsNode): string[] {
    if (node.kind !== "const") {
      this.#fail(
        `'${node.kind}' is not supported`,
        node,
        "(use const: a kernel's locals are never reassigned)",
      );
    }
    return (node.declarations as JsNode[]).map((declarator) => {
      const id = declarator.id as JsNode;
      if (id.type !== "Identifier") {
        this.#fail("destructuring is not supported", id, "(one const per name)");
      }
      const name = id.name as string;
      if (this.#params.includes(name) || this.#locals.has(name)) {
        this.#fail(`'${name}' is already declared`, id);
      }
      if (name === "Math") this.#fail("a local named Math would hide Math.*", id);
      const value = this.#expr(declarator.init as JsNode);
      this.#locals.add(name);
      return `const c_${name} = ${value};`;
    });
  }

  #expr(node: JsNode): string {
    switch (node.type) {
      case "Literal":
        if (typeof node.value === "number") return numberCode(node.value);
        return this.#fail(
          `unsupported literal ${node.raw as string}`,
          node,
          "(kernels compute numbers: only number literals)",
        );
      case "Identifier":
        return this.#name(node);
      case "BinaryExpression":
      case "LogicalExpression": {
        const op = node.operator as string;
        const left = this.#expr(node.left as JsNode);
        const allowed = node.type === "BinaryExpression" ? BINARY.has(op) : LOGICAL.has(op);
        if (!allowed) {
          this.#fail(`unsupported operator '${op}'`, this.#operatorAt(node, op), operatorHint(op));
        }
        const right = this.#expr(node.right as JsNode);
        if (op === "**") {
          const unrolled = integerPower(left, node.right as JsNode);
          if (unrolled !== null) return unrolled;
        }
        return `(${left} ${op} ${right})`;
      }
      case "UnaryExpression": {
        const op = node.operator as string;
        if (!UNARY.has(op)) this.#fail(`unsupported operator '${op}'`, node, operatorHint(op));
        return `(${op}${this.#expr(node.argument as JsNode)})`;
      }
      case "ConditionalExpression": {
        const test = this.#expr(node.test as JsNode);
        const whenTrue = this.#expr(node.consequent as JsNode);
        const whenFalse = this.#expr(node.alternate as JsNode);
        // `c ? 1 : 0` of a boolean `c` is `+c`: the same numbers, and V8 compiles it without a
        // branch (a mispredicted branch per element made the Monte Carlo kernel 4x slower).
        if (isBoolean(node.test as JsNode)) {
          if (whenTrue === "1" && whenFalse === "0") return `(+${test})`;
          if (whenTrue === "0" && whenFalse === "1") return `(+!${test})`;
        }
        return `(${test} ? ${whenTrue} : ${whenFalse})`;
      }
      case "CallExpression":
        return this.#call(node);
      case "MemberExpression":
        return `Math.${this.#mathMember(node, "number")}`;
      default:
        return this.#fail(`unsupported: ${REFUSED[node.type] ?? article(node.type)}`, node);
    }
  }

  #name(node: JsNode): string {
    const name = node.name as string;
    if (this.#params.includes(name)) return `v_${name}`;
    if (this.#locals.has(name)) return `c_${name}`;
    if (name === "NaN" || name === "Infinity") return name;
    if (this.#declared.has(name)) {
      this.#fail(`'${name}' is used before its const`, node, "(declare it first)");
    }
    const math = typeof (Math as unknown as Record<string, unknown>)[name];
    const hint = math === "function" || math === "number"
      ? `(use Math.${name})`
      : `(a kernel reads only its parameters and locals: pass it as a parameter, (${
        [...this.#params, name].join(", ")
      }) => ...)`;
    return this.#fail(`'${name}' is not a parameter or a local const`, node, hint);
  }

  #call(node: JsNode): string {
    const callee = node.callee as JsNode;
    if (node.optional === true) this.#fail("unsupported: optional call", node);
    if (callee.type !== "MemberExpression") {
      const name = callee.type === "Identifier" ? callee.name as string : null;
      const isMath = name !== null &&
        typeof (Math as unknown as Record<string, unknown>)[name] === "function";
      this.#fail(
        name === null
          ? "only Math.* functions can be called"
          : `'${name}' cannot be called in a kernel`,
        callee,
        isMath ? `(use Math.${name})` : "(only Math.* functions: write the formula inline)",
      );
    }
    const name = this.#mathMember(callee, "function");
    const args = node.arguments as JsNode[];
    const arity = (Math as unknown as Record<string, (...a: number[]) => number>)[name]!.length;
    if (!VARIADIC.has(name) && args.length !== arity) {
      this.#fail(
        `Math.${name}() takes ${arity} argument${arity === 1 ? "" : "s"}, received ${args.length}`,
        callee.property as JsNode,
      );
    }
    return `Math.${name}(${args.map((arg) => this.#expr(arg)).join(", ")})`;
  }

  /** The name of `Math.<name>` if it is a real member of that kind, else a KernelError. */
  #mathMember(node: JsNode, kind: "number" | "function"): string {
    const object = node.object as JsNode;
    const property = node.property as JsNode;
    if (node.optional === true) this.#fail("unsupported: optional chaining", node);
    if (object.type === "ThisExpression") {
      this.#fail(`unsupported: ${REFUSED.ThisExpression}`, object);
    }
    if (object.type !== "Identifier" || object.name !== "Math" || node.computed === true) {
      this.#fail(
        "only Math.* members can be read",
        node,
        object.type === "Identifier" && this.#params.includes(object.name as string)
          ? "(parameters are numbers: they have no members)"
          : "(pass the value as a parameter)",
      );
    }
    const name = property.name as string;
    const actual = Object.hasOwn(Math, name)
      ? typeof (Math as unknown as Record<string, unknown>)[name]
      : "missing";
    if (name === "random") {
      this.#fail(
        "Math.random() is not allowed",
        property,
        "(pass random numbers as an array parameter)",
      );
    }
    if (actual !== kind) {
      const reason = actual === "missing"
        ? `Math has no member '${name}'`
        : kind === "function"
        ? `Math.${name} is a number, not a function`
        : `Math.${name} is a function: call it`;
      this.#fail(reason, property);
    }
    return name;
  }

  /** Where `op` stands between the operands of `node`. */
  #operatorAt(node: JsNode, op: string): number {
    const after = (node.left as JsNode).end;
    const at = this.#source.indexOf(op, after);
    return at === -1 || at >= (node.right as JsNode).start ? node.start : at;
  }
}

/** A number as a JS literal that reads back as the same bits and follows any operator. */
function numberCode(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Infinity) return "Infinity";
  return `${value}`;
}

/** The largest `|n|` of `a ** n` computed by multiplications (as `compile()`'s `x^n`). */
export const MAX_UNROLLED_POWER = 8;

/**
 * `a ** n` for an integer literal `n` with `|n| <= MAX_UNROLLED_POWER`, as multiplications from
 * left to right (`1 / (...)` for negative `n`), as `compile()` and jax's `integer_pow` compute
 * it: no call per element, and the seed polynomial as fast as `compile()`'s. `a ** 2` is also
 * exactly V8's `Math.pow` (fdlibm returns `x * x` for 2); from `a ** 3` on, a product can differ
 * from `Math.pow` in the last bit. `null` for any other exponent, which stays `**`.
 */
function integerPower(base: string, exponent: JsNode): string | null {
  const negative = exponent.type === "UnaryExpression" && exponent.operator === "-";
  const literal = negative ? exponent.argument as JsNode : exponent;
  if (literal.type !== "Literal" || typeof literal.value !== "number") return null;
  const n = negative ? -literal.value : literal.value;
  if (!Number.isInteger(n) || Math.abs(n) > MAX_UNROLLED_POWER) return null;
  if (n === 0) return "1"; // as Math.pow: x ** 0 is 1, even for NaN
  // A local or parameter is repeated; anything else goes through powK(t), defined once per loop.
  const product = /^[vc]_[\w$]+$/.test(base)
    ? `(${Array.from({ length: Math.abs(n) }, () => base).join(" * ")})`
    : Math.abs(n) === 1
    ? `(+${base})`
    : `pow${Math.abs(n)}(${base})`;
  return n > 0 ? product : `(1 / ${product})`;
}
