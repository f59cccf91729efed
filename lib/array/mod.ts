/**
 * numpy's array habits on typed arrays: creation (`arange`, `linspace`, `zeros`, …), elementwise
 * arithmetic with broadcasting and an optional `out`, unary functions, comparisons, `where`,
 * `polyval`, `allclose`, reductions, and a row-major `Matrix`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { add, arange, multiply } from "./mod.ts";
 * const x = arange(3);
 * assert.deepEqual(add(multiply(x, 2), 1), new Float64Array([1, 3, 5]));
 * ```
 *
 * @module
 */
export { arange, full, linspace, type LinspaceOptions, ones, zeros } from "./creation.ts";
export { add, divide, multiply, pow, subtract } from "./elementwise.ts";
export { abs, cos, exp, log, negative, sin, sqrt, tan, tanh } from "./unary.ts";
export { equal, greater, greaterEqual, less, lessEqual, notEqual } from "./compare.ts";
export { where } from "./where.ts";
export { polyval } from "./polyval.ts";
export { allclose, type AllcloseOptions } from "./allclose.ts";
export { argmax, argmin, max, mean, min, std, type StdOptions, sum } from "./reduce.ts";
export { Matrix } from "./matrix.ts";
export { type ArrayInput, type Operand } from "./_broadcast.ts";
export type { NdArray } from "../random/random_state.ts";
