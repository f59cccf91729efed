/**
 * `polyval(coefficients, x)`: numpy's `np.polyval`, a polynomial evaluated elementwise.
 *
 * @module
 */
import {
  type ArrayInput,
  arrayLength,
  broadcastLength,
  floatResult,
  type Operand,
  stretch,
} from "./_broadcast.ts";

/**
 * The polynomial with `coefficients` (highest power first, numpy's `np.polyval` order) at every
 * element of `x` (an array or a number), by Horner's method. As numpy does, the accumulator
 * starts at 0 and each step is `y * x + c`, rounded twice (no fused multiply-add), so results
 * equal numpy's bit for bit, including that an infinite `x` gives NaN (`0 * Infinity`) and
 * empty `coefficients` give 0. `out` may be `x`.
 *
 * @example 3x² + 1 at x = 0, 1, 2
 * ```ts
 * import assert from "node:assert/strict";
 * assert.deepEqual(polyval([3, 0, 1], new Float64Array([0, 1, 2])), new Float64Array([1, 4, 13]));
 * assert.deepEqual(polyval([3, 0, 1], 5), new Float64Array([76]));
 * ```
 */
export function polyval(coefficients: ArrayInput, x: Operand, out?: Float64Array): Float64Array {
  const degree = arrayLength("polyval", "coefficients", coefficients) - 1;
  const n = broadcastLength("polyval", x, undefined, undefined, out);
  const r = floatResult("polyval", out, n);
  const v = stretch(x);
  if (typeof v === "number") return r.fill(horner(coefficients, degree, v));
  // Element by element (not coefficient by coefficient over the whole array), so that writing
  // r[i] never overwrites an x[i] still to be read when out is x.
  for (let i = 0; i < n; i++) r[i] = horner(coefficients, degree, v[i]!);
  return r;
}

function horner(coefficients: ArrayInput, degree: number, x: number): number {
  let y = 0;
  for (let k = 0; k <= degree; k++) y = y * x + coefficients[k]!;
  return y;
}
