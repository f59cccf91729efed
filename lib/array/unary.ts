/**
 * numpy's unary elementwise functions on 1-D arrays: `negative abs sqrt exp log sin cos tan tanh`.
 * Each takes an optional `out` (a Float64Array of the input's length, which may be the input
 * itself) and returns it; without `out` it returns a new Float64Array.
 *
 * `negative`, `abs` and `sqrt` are exact, so they equal numpy's bit for bit. `sin`, `cos`, `exp`
 * and `log` run as WebAssembly SIMD polynomials (fdlibm's algorithms for `sin`/`cos`, table-driven
 * ones for `exp`/`log`; two doubles at a time), within 1 ulp of the correctly rounded value, with `Math.*` for the arguments they do not cover
 * (NaN, ±Infinity; for `sin`/`cos` |x| > 2^20 and x within 2^-16 |x| of a multiple of π/2; for
 * `exp` |x| > 708; for `log` 0, negatives and subnormals) and where WebAssembly SIMD is missing.
 * An element's value does not depend on the array's length or its place in it. `tan` and `tanh` use JavaScript's `Math` functions. Results
 * may differ from numpy's (libm or SIMD) in the last bit: on the tested inputs by at most 1 ulp,
 * and 2 for `tanh`, where numpy's SIMD `tanh` is the one further from the correctly rounded value.
 *
 * @module
 */
import { type ArrayInput, floatResult, unaryLength } from "./_broadcast.ts";
import { transcendental } from "./_transcendental.ts";

// One loop per function, calling Math.* directly: a shared loop taking the function as an
// argument would call through a closure per element.

/**
 * `-x` elementwise, numpy's `np.negative` (`negative(0)` is -0).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.deepEqual(negative(new Float64Array([1, -2])), new Float64Array([-1, 2]));
 * ```
 */
export function negative(x: ArrayInput, out?: Float64Array): Float64Array {
  const n = unaryLength("negative", x, out);
  const r = floatResult("negative", out, n);
  for (let i = 0; i < n; i++) r[i] = -x[i]!;
  return r;
}

/**
 * `|x|` elementwise, numpy's `np.abs`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.deepEqual(abs(new Float64Array([-1.5, 2])), new Float64Array([1.5, 2]));
 * ```
 */
export function abs(x: ArrayInput, out?: Float64Array): Float64Array {
  const n = unaryLength("abs", x, out);
  const r = floatResult("abs", out, n);
  for (let i = 0; i < n; i++) r[i] = Math.abs(x[i]!);
  return r;
}

/**
 * The square root elementwise, numpy's `np.sqrt` (NaN for negative numbers).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.deepEqual(Array.from(sqrt(new Float64Array([4, 2.25, -1]))), [2, 1.5, NaN]);
 * ```
 */
export function sqrt(x: ArrayInput, out?: Float64Array): Float64Array {
  const n = unaryLength("sqrt", x, out);
  const r = floatResult("sqrt", out, n);
  for (let i = 0; i < n; i++) r[i] = Math.sqrt(x[i]!);
  return r;
}

/**
 * `e ** x` elementwise, numpy's `np.exp`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.deepEqual(exp(new Float64Array([0, -Infinity])), new Float64Array([1, 0]));
 * ```
 */
export function exp(x: ArrayInput, out?: Float64Array): Float64Array {
  const n = unaryLength("exp", x, out);
  const r = floatResult("exp", out, n);
  if (transcendental("exp", x, r, n)) return r;
  for (let i = 0; i < n; i++) r[i] = Math.exp(x[i]!);
  return r;
}

/**
 * The natural logarithm elementwise, numpy's `np.log` (-Infinity at 0, NaN below).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.deepEqual(Array.from(log(new Float64Array([1, 0, -1]))), [0, -Infinity, NaN]);
 * ```
 */
export function log(x: ArrayInput, out?: Float64Array): Float64Array {
  const n = unaryLength("log", x, out);
  const r = floatResult("log", out, n);
  if (transcendental("log", x, r, n)) return r;
  for (let i = 0; i < n; i++) r[i] = Math.log(x[i]!);
  return r;
}

/**
 * The sine (radians) elementwise, numpy's `np.sin`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.deepEqual(sin(new Float64Array([0, Math.PI / 2])), new Float64Array([0, 1]));
 * ```
 */
export function sin(x: ArrayInput, out?: Float64Array): Float64Array {
  const n = unaryLength("sin", x, out);
  const r = floatResult("sin", out, n);
  if (transcendental("sin", x, r, n)) return r;
  for (let i = 0; i < n; i++) r[i] = Math.sin(x[i]!);
  return r;
}

/**
 * The cosine (radians) elementwise, numpy's `np.cos`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.deepEqual(cos(new Float64Array([0, Math.PI])), new Float64Array([1, -1]));
 * ```
 */
export function cos(x: ArrayInput, out?: Float64Array): Float64Array {
  const n = unaryLength("cos", x, out);
  const r = floatResult("cos", out, n);
  if (transcendental("cos", x, r, n)) return r;
  for (let i = 0; i < n; i++) r[i] = Math.cos(x[i]!);
  return r;
}

/**
 * The tangent (radians) elementwise, numpy's `np.tan`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const [zero, one] = tan(new Float64Array([0, Math.PI / 4]));
 * assert.equal(zero, 0);
 * assert.ok(Math.abs(one! - 1) < 1e-15);
 * ```
 */
export function tan(x: ArrayInput, out?: Float64Array): Float64Array {
  const n = unaryLength("tan", x, out);
  const r = floatResult("tan", out, n);
  for (let i = 0; i < n; i++) r[i] = Math.tan(x[i]!);
  return r;
}

/**
 * The hyperbolic tangent elementwise, numpy's `np.tanh`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.deepEqual(tanh(new Float64Array([0, Infinity])), new Float64Array([0, 1]));
 * ```
 */
export function tanh(x: ArrayInput, out?: Float64Array): Float64Array {
  const n = unaryLength("tanh", x, out);
  const r = floatResult("tanh", out, n);
  for (let i = 0; i < n; i++) r[i] = Math.tanh(x[i]!);
  return r;
}
