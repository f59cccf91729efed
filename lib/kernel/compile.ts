/**
 * `compile()`: the kit's `jit` for a string. A formula in mathjs syntax becomes one fused loop
 * over a typed array (or several, one per variable), like numpy's `-4*x**3 + 9*x**2 + 6*x - 3`
 * without its temporary arrays.
 *
 * mathjs parses the expression. It is slow to load (`deno task bench:costs`), so it is loaded by
 * the first `compile()` on the main thread, not at import; a worker loads it only when asked to
 * (`loadCompiler()`), so workers whose tasks import the library do not pay for it.
 *
 * @module
 */
import { generateKernel } from "./_codegen.ts";
import { kernelFromSource } from "./_kernel_function.ts";
import type { Kernel } from "./types.ts";
import { mathjsParse } from "./_mathjs.ts";
import { FUNCTIONS } from "./_language.ts";
import { KernelError } from "./kernel_error.ts";
import { tokenPosition } from "./_tokens.ts";

/**
 * Options of {@linkcode compile}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * // A wave over time t, with its angular frequency given per call.
 * const options: CompileOptions = { variable: "t", params: ["omega"] };
 * const wave = compile("cos(omega * t)", options);
 * assert.equal(wave.variable, "t");
 * assert.deepEqual(wave(new Float64Array([0, Math.PI]), { omega: 2 }), new Float64Array([1, 1]));
 * ```
 */
export interface CompileOptions {
  /** Name of the input element in the expression; default `"x"`. */
  variable?: string;
  /**
   * Names of several input elements, one array each, instead of `variable`:
   * `compile("x*x + y*y <= 1", { variables: ["x", "y"] })(xs, ys)`. `["x"]` is `variable: "x"`.
   */
  variables?: readonly string[];
  /** Names of scalar parameters, given per call: `kernel(x, { p: 2 })`. */
  params?: readonly string[];
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
// Words mathjs reads as operators or literals, and names the expression language already uses.
const RESERVED = new Set(["mod", "to", "in", "and", "xor", "or", "not", "true", "false", "null"]);
["undefined", "NaN", "Infinity", "pi", "e", ...Object.keys(FUNCTIONS)].forEach((w) =>
  RESERVED.add(w)
);
// Kernels are kept so `compile(s) === compile(s)`; a program generating endless distinct
// expressions drops the oldest instead of growing without bound.
const MAX_CACHED = 1024;
const cache = new Map<string, Kernel>();

/**
 * Compiles `expression` (mathjs syntax) into a kernel that evaluates it for every element of an
 * array in one loop. Supported: `+ - * / ^`, unary minus, comparisons `> < >= <= == !=` (1 or 0
 * as numbers), `c ? a : b`, parentheses, numbers, `pi`, `e`, and `sin cos tan asin acos atan
 * sinh cosh tanh exp log log10 log2 sqrt abs floor ceil round min max pow`. Arithmetic is plain
 * float64 as in JS and numpy: `sqrt(-1)` is NaN, `==` is exact, `round` is `Math.round` (halves
 * up); `x^n` for integer `|n| <= 8` is unrolled to multiplications (may differ from `Math.pow` in
 * the last bit). The same expression and options give the same kernel object.
 *
 * With `variables`, the expression reads one element of each of several equally long arrays:
 * the kernel takes one array per variable, in that order, then `out` and `params` as usual.
 *
 * @throws {KernelError} If the expression does not parse, names something not allowed, or uses
 * unsupported syntax; the message points at the spot.
 * @throws {TypeError} If `expression` is not a string, an option is not a valid name, a name is
 * given twice, or both `variable` and `variables` are given.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { KernelError } from "./kernel_error.ts";
import { tokenPosition } from "./_tokens.ts";
 * const poly = compile("-4*x^3 + 9*x^2 + 6*x - 3");
 * assert.deepEqual(poly(new Float64Array([0, 1, 2])), new Float64Array([-3, 8, 13]));
 * const gauss = compile("exp(-(x*p)^2)", { params: ["p"] });
 * const out = new Float64Array(2);
 * gauss(new Float64Array([0, 0.5]), out, { p: 2 });
 * assert.deepEqual(out, new Float64Array([1, Math.exp(-1)]));
 * assert.equal(compile("-4*x^3 + 9*x^2 + 6*x - 3"), poly);
 * assert.throws(() => compile("x + y"), KernelError);
 * const inside = compile("x*x + y*y <= 1", { variables: ["x", "y"] });
 * const xs = new Float64Array([0.5, 1]);
 * assert.deepEqual(inside(xs, new Float64Array([0.5, 0.5])), new Float64Array([1, 0]));
 * ```
 */
export function compile(expression: string, options: CompileOptions = {}): Kernel {
  if (typeof expression !== "string") {
    throw new TypeError(`compile(): expected an expression string, received ${typeof expression}`);
  }
  const variables = checkVariables(options);
  const params = checkParams(options.params ?? [], variables);
  const key = JSON.stringify([expression, variables, params]);
  let kernel = cache.get(key);
  if (kernel === undefined) {
    kernel = build(expression, variables, params);
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
    cache.set(key, kernel);
  }
  return kernel;
}

function checkName(name: unknown, what: string): string {
  if (typeof name === "string" && IDENTIFIER.test(name) && !RESERVED.has(name)) return name;
  throw new TypeError(
    `compile(): ${what} must be an ASCII identifier that is not a function, constant or ` +
      `mathjs keyword, received ${typeof name === "string" ? `'${name}'` : typeof name}`,
  );
}

function checkVariables(options: CompileOptions): readonly string[] {
  const { variable, variables } = options;
  if (variables === undefined) {
    return Object.freeze([checkName(variable ?? "x", "option variable")]);
  }
  if (variable !== undefined) {
    throw new TypeError(
      "compile(): expected either option variable or option variables, received both",
    );
  }
  if (!Array.isArray(variables) || variables.length === 0) {
    throw new TypeError(
      "compile(): option variables must be a non-empty array of names, received " +
        `${Array.isArray(variables) ? "[]" : typeof variables}`,
    );
  }
  const names = variables.map((name) => checkName(name, "every name in option variables"));
  const twice = names.find((name, k) => names.indexOf(name) !== k);
  if (twice !== undefined) throw new TypeError(`compile(): variable '${twice}' is given twice`);
  return Object.freeze(names);
}

function checkParams(params: unknown, variables: readonly string[]): readonly string[] {
  if (!Array.isArray(params)) {
    throw new TypeError(
      `compile(): option params must be an array of names, received ${typeof params}`,
    );
  }
  const names = params.map((name) => checkName(name, "every name in option params"));
  const clash = names.find((name, k) => variables.includes(name) || names.indexOf(name) !== k);
  if (clash !== undefined) {
    throw new TypeError(
      `compile(): parameter '${clash}' is given twice or is also ${
        variables.length === 1 ? "the variable" : "a variable"
      }`,
    );
  }
  return Object.freeze(names);
}

function parseExpression(expression: string): unknown {
  try {
    return mathjsParse()(expression);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const char = (error as { char?: unknown } | null)?.char;
    // mathjs's `char` is the 1-based column of the token it stopped at.
    const position = typeof char === "number" ? Math.min(char - 1, expression.length) : null;
    const power = javascriptPower(expression);
    if (power !== null && (position === null || power < position)) {
      throw new KernelError("unsupported operator '**'", expression, power, {
        cause: error,
        hint: "(use ^ or jit() for JavaScript syntax)",
      });
    }
    const reason = `cannot parse the expression: ${message.replace(/ \(char \d+\)$/, "")}`;
    throw new KernelError(reason, expression, position, { cause: error });
  }
}

/** Where the first `**` (JavaScript's power, two `*` tokens in mathjs) starts, or null. */
function javascriptPower(expression: string): number | null {
  let previous: number | null = null;
  for (let k = 0;; k++) {
    const at = tokenPosition(expression, "*", k);
    if (at === null) return null;
    if (previous === at - 1) return previous;
    previous = at;
  }
}

function build(
  expression: string,
  variables: readonly string[],
  params: readonly string[],
): Kernel {
  const root = parseExpression(expression);
  const { body } = generateKernel(expression, root, { variables, params });
  return kernelFromSource({ expression, variable: variables[0]!, variables, params, source: body });
}
