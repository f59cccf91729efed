/**
 * `jit()`: the kit's `jax.jit` for a TypeScript function. A scalar function such as
 * `(x: number, y: number) => x * x + y * y <= 1 ? 1 : 0` becomes one fused loop over typed
 * arrays, reading its source (`fn.toString()`) with a JavaScript parser; with `reduce` the loop
 * sums, averages or takes the extremum of the elements without storing them.
 *
 * @module
 */
import { describe } from "./_arguments.ts";
import { functionSource } from "./_function_source.ts";
import { buildKernel } from "./_jit_kernel.ts";
import { type JitReduction, REDUCTIONS } from "./_jit_loops.ts";
import type { NumericArray } from "./types.ts";

export type { JitReduction } from "./_jit_loops.ts";

/**
 * A function `jit()` accepts: numbers in, a number (or a boolean, stored as 1 or 0) out.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const inside: JitScalarFunction = (x, y) => x * x + y * y <= 1;
 * assert.equal(inside(0.5, 0.5), true);
 * ```
 */
export type JitScalarFunction = (...args: number[]) => number | boolean;

/**
 * The arguments of a kernel made from a function with parameters `P`: each a numeric typed array
 * or a number (broadcast to every element), keeping the parameters' names.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const args: JitArguments<[x: number, c: number]> = [new Float64Array([1, 2]), 3];
 * assert.equal(args.length, 2);
 * ```
 */
export type JitArguments<P extends readonly unknown[]> = { [K in keyof P]: NumericArray | number };

/**
 * An elementwise kernel from `jit(fn)`: `fn` of every element, in a new Float64Array or in `out`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const add: JitKernel<(x: number, y: number) => number> = jit((x: number, y: number) => x + y);
 * assert.deepEqual(add(new Float64Array([1, 2]), 10), new Float64Array([11, 12]));
 * assert.deepEqual(add.params, ["x", "y"]);
 * ```
 */
export interface JitKernel<F extends JitScalarFunction> {
  /** The function's source, as `fn.toString()` gave it. */
  readonly source: string;
  /** The parameters' names, in order. */
  readonly params: readonly string[];
  /** `fn` of each element in a new Float64Array; numbers are broadcast. */
  (...args: JitArguments<Parameters<F>>): Float64Array;
  /** Written into `out` (as long as the arrays; may be one of them), which is returned. */
  (...args: [...JitArguments<Parameters<F>>, out: Float64Array]): Float64Array;
  /** `null`: this kernel returns the elements. */
  readonly reduce: null;
}

/**
 * A reducing kernel from `jit(fn, { reduce })`: the sum, mean, minimum or maximum of `fn` over the
 * elements, computed in the loop without an array of them.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const total: JitReducer<(x: number) => number> = jit((x: number) => 2 * x, { reduce: "sum" });
 * assert.equal(total(new Float64Array([1, 2, 3])), 12);
 * assert.equal(total.reduce, "sum");
 * ```
 */
export interface JitReducer<F extends JitScalarFunction> {
  /** The function's source, as `fn.toString()` gave it. */
  readonly source: string;
  /** The parameters' names, in order. */
  readonly params: readonly string[];
  /** The reduction of `fn` over the elements; numbers are broadcast. */
  (...args: JitArguments<Parameters<F>>): number;
  /** Which reduction. */
  readonly reduce: JitReduction;
}

/**
 * Options of {@linkcode jit}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const options: JitOptions = { reduce: "max" };
 * const highest = jit((x: number) => Math.abs(x), options);
 * assert.equal(highest(new Float64Array([-3, 2])), 3);
 * ```
 */
export interface JitOptions {
  /**
   * Reduce the elements to one number in the loop: `"sum"` (numpy's pairwise sum: the same bits
   * as `sum()` of the elementwise result, 0 if empty), `"mean"` (that sum over n; NaN if empty),
   * `"min"`/`"max"` (NaN if any element is NaN; a RangeError if empty, as numpy).
   */
  reduce?: JitReduction;
}

// Kernels are kept by source and reduction: a kernel's meaning depends on its source alone (it
// can read nothing from outside the function), so jit(f) === jit(f). Bounded, as compile()'s.
const MAX_CACHED = 1024;
const cache = new Map<string, JitKernel<JitScalarFunction> | JitReducer<JitScalarFunction>>();

/**
 * Compiles the scalar function `fn` into a kernel that applies it to every element of typed
 * arrays in one loop, `jax.jit`-style. Pass one typed array or number per parameter (numbers are
 * broadcast; arrays must be equally long) and, optionally, a Float64Array `out` last.
 *
 * Supported inside `fn`: number literals, its parameters, `NaN`, `Infinity`, `+ - * / % **`,
 * unary `- + !`, comparisons `< <= > >= === !== == !=`, `&&`, `||`, `c ? a : b`, `Math.*`
 * functions and constants, and a block body of `const` declarations ending in one `return`.
 * Everything means what it means in JavaScript, so the kernel's element `i` is exactly
 * `fn(x[i], ...)`, converted to a number as a Float64Array stores it (a comparison gives 1 or 0,
 * numpy's bool to float64), with one exception: `a ** n` for an integer literal `n` with
 * `|n| <= 8` is computed by multiplications from left to right (`1 / (...)` for negative `n`),
 * as `compile()`'s `x^n` and jax's `integer_pow` are: `x ** 3` is `x * x * x`, which can differ
 * from `Math.pow(x, 3)` in the last bit (`x ** 2` never does), and is some 20 times faster.
 * Where JavaScript and numpy differ, the kernel is JavaScript's: `%` is `np.fmod`, not
 * `np.remainder`; `1 ** NaN` is NaN; NaN is falsy in `!`, `&&`, `||` and `?:`.
 *
 * The first `jit()` loads the parser (`loadJit()` loads it beforehand); later ones take well
 * under 1 ms.
 *
 * @throws {KernelError} If `fn` uses anything else: a free variable (pass it as a parameter), a
 * call to a non-Math function, a loop, an assignment, `let`, `this`, a string... The message
 * shows the source line with a caret under the construct, and what to do instead.
 * @throws {TypeError} If `fn` is not a function (or is a built-in one) or `options` is invalid.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const poly = jit((x: number) => -4 * x ** 3 + 9 * x ** 2 + 6 * x - 3);
 * assert.deepEqual(poly(new Float64Array([0, 1, 2])), new Float64Array([-3, 8, 13]));
 *
 * const inside = jit((x: number, y: number) => (x * x + y * y <= 1 ? 1 : 0));
 * assert.deepEqual(inside(new Float64Array([0.5, 1]), 0.5), new Float64Array([1, 0]));
 *
 * // π by Monte Carlo: the mean of the indicator, fused into the loop.
 * const hits = jit((x: number, y: number) => x * x + y * y <= 1, { reduce: "mean" });
 * const xs = Float64Array.from({ length: 10_000 }, Math.random);
 * const ys = Float64Array.from({ length: 10_000 }, Math.random);
 * assert.ok(Math.abs(4 * hits(xs, ys) - Math.PI) < 0.1);
 * ```
 */
export function jit<F extends JitScalarFunction>(
  fn: F,
  options: JitOptions & { reduce: JitReduction },
): JitReducer<F>;
/**
 * Compiles the scalar function `fn` into an elementwise kernel: `fn` of every element, in a new
 * Float64Array or in `out`. See the overload with `reduce` for what `fn` may contain.
 *
 * @throws {KernelError} If `fn` uses a construct kernels do not support.
 * @throws {TypeError} If `fn` is not a function (or is a built-in one) or `options` is invalid.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const wave = jit((t: number, omega: number) => Math.cos(omega * t));
 * const out = new Float64Array(2);
 * wave(new Float64Array([0, Math.PI]), 2, out);
 * assert.deepEqual(out, new Float64Array([1, 1]));
 * ```
 */
export function jit<F extends JitScalarFunction>(fn: F, options?: JitOptions): JitKernel<F>;
export function jit<F extends JitScalarFunction>(
  fn: F,
  options: JitOptions = {},
): JitKernel<F> | JitReducer<F> {
  const source = functionSource(fn, "jit()");
  const reduce = checkOptions(options);
  const key = `${reduce}\0${source}`;
  let kernel = cache.get(key);
  if (kernel === undefined) {
    kernel = buildKernel(source, reduce) as unknown as JitKernel<JitScalarFunction>;
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
    cache.set(key, kernel);
  }
  return kernel as JitKernel<F> | JitReducer<F>;
}

function checkOptions(options: unknown): JitReduction | null {
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new TypeError(`jit(): expected options to be an object, received ${describe(options)}`);
  }
  const extra = Object.keys(options).find((key) => key !== "reduce");
  if (extra !== undefined) {
    throw new TypeError(`jit(): unknown option '${extra}' (the only option is reduce)`);
  }
  const reduce = (options as JitOptions).reduce;
  if (reduce === undefined) return null;
  if (!REDUCTIONS.includes(reduce)) {
    throw new TypeError(
      `jit(): expected reduce to be one of ${REDUCTIONS.map((r) => `"${r}"`).join(", ")}, ` +
        `received ${typeof reduce === "string" ? `"${reduce}"` : describe(reduce)}`,
    );
  }
  return reduce;
}
