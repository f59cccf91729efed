/**
 * numpy's comparisons on 1-D arrays: `greater greaterEqual less lessEqual equal notEqual`. Each
 * returns a mask, a `Uint8Array` of 1 (true) and 0 (false), numpy's boolean array; it feeds
 * `where`'s condition. Broadcasting and `out` (here a Uint8Array) work as for `add`.
 * As in numpy, every comparison with NaN is false except `notEqual`, which is true.
 *
 * @module
 */
import { broadcastLength, maskResult, type Operand, stretch } from "./_broadcast.ts";

// One loop per operand kind (array/array, array/number, number/array), as in elementwise.ts.

/**
 * `a > b` elementwise as a 0/1 mask, numpy's `np.greater`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.deepEqual(greater(new Float64Array([1, 2, NaN]), 1), new Uint8Array([0, 1, 0]));
 * ```
 */
export function greater(a: Operand, b: Operand, out?: Uint8Array): Uint8Array {
  const n = broadcastLength("greater", a, b, undefined, out);
  const r = maskResult("greater", out, n);
  const x = stretch(a), y = stretch(b);
  if (typeof x === "number") {
    if (typeof y === "number") r.fill(x > y ? 1 : 0);
    else for (let i = 0; i < n; i++) r[i] = x > y[i]! ? 1 : 0;
  } else if (typeof y === "number") {
    for (let i = 0; i < n; i++) r[i] = x[i]! > y ? 1 : 0;
  } else {
    for (let i = 0; i < n; i++) r[i] = x[i]! > y[i]! ? 1 : 0;
  }
  return r;
}

/**
 * `a >= b` elementwise as a 0/1 mask, numpy's `np.greater_equal`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.deepEqual(greaterEqual(new Float64Array([1, 2, NaN]), 2), new Uint8Array([0, 1, 0]));
 * ```
 */
export function greaterEqual(a: Operand, b: Operand, out?: Uint8Array): Uint8Array {
  const n = broadcastLength("greaterEqual", a, b, undefined, out);
  const r = maskResult("greaterEqual", out, n);
  const x = stretch(a), y = stretch(b);
  if (typeof x === "number") {
    if (typeof y === "number") r.fill(x >= y ? 1 : 0);
    else for (let i = 0; i < n; i++) r[i] = x >= y[i]! ? 1 : 0;
  } else if (typeof y === "number") {
    for (let i = 0; i < n; i++) r[i] = x[i]! >= y ? 1 : 0;
  } else {
    for (let i = 0; i < n; i++) r[i] = x[i]! >= y[i]! ? 1 : 0;
  }
  return r;
}

/**
 * `a < b` elementwise as a 0/1 mask, numpy's `np.less`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.deepEqual(less(0, new Float64Array([-1, 1])), new Uint8Array([0, 1]));
 * ```
 */
export function less(a: Operand, b: Operand, out?: Uint8Array): Uint8Array {
  const n = broadcastLength("less", a, b, undefined, out);
  const r = maskResult("less", out, n);
  const x = stretch(a), y = stretch(b);
  if (typeof x === "number") {
    if (typeof y === "number") r.fill(x < y ? 1 : 0);
    else for (let i = 0; i < n; i++) r[i] = x < y[i]! ? 1 : 0;
  } else if (typeof y === "number") {
    for (let i = 0; i < n; i++) r[i] = x[i]! < y ? 1 : 0;
  } else {
    for (let i = 0; i < n; i++) r[i] = x[i]! < y[i]! ? 1 : 0;
  }
  return r;
}

/**
 * `a <= b` elementwise as a 0/1 mask, numpy's `np.less_equal`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.deepEqual(lessEqual(new Float64Array([1, 2]), new Float64Array([1, 1])), new Uint8Array([1, 0]));
 * ```
 */
export function lessEqual(a: Operand, b: Operand, out?: Uint8Array): Uint8Array {
  const n = broadcastLength("lessEqual", a, b, undefined, out);
  const r = maskResult("lessEqual", out, n);
  const x = stretch(a), y = stretch(b);
  if (typeof x === "number") {
    if (typeof y === "number") r.fill(x <= y ? 1 : 0);
    else for (let i = 0; i < n; i++) r[i] = x <= y[i]! ? 1 : 0;
  } else if (typeof y === "number") {
    for (let i = 0; i < n; i++) r[i] = x[i]! <= y ? 1 : 0;
  } else {
    for (let i = 0; i < n; i++) r[i] = x[i]! <= y[i]! ? 1 : 0;
  }
  return r;
}

/**
 * `a == b` elementwise as a 0/1 mask, numpy's `np.equal`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.deepEqual(equal(new Float64Array([0, NaN]), new Float64Array([-0, NaN])), new Uint8Array([1, 0]));
 * ```
 */
export function equal(a: Operand, b: Operand, out?: Uint8Array): Uint8Array {
  const n = broadcastLength("equal", a, b, undefined, out);
  const r = maskResult("equal", out, n);
  const x = stretch(a), y = stretch(b);
  if (typeof x === "number") {
    if (typeof y === "number") r.fill(x === y ? 1 : 0);
    else for (let i = 0; i < n; i++) r[i] = x === y[i]! ? 1 : 0;
  } else if (typeof y === "number") {
    for (let i = 0; i < n; i++) r[i] = x[i]! === y ? 1 : 0;
  } else {
    for (let i = 0; i < n; i++) r[i] = x[i]! === y[i]! ? 1 : 0;
  }
  return r;
}

/**
 * `a != b` elementwise as a 0/1 mask, numpy's `np.not_equal`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.deepEqual(notEqual(new Float64Array([0, NaN]), new Float64Array([-0, NaN])), new Uint8Array([0, 1]));
 * ```
 */
export function notEqual(a: Operand, b: Operand, out?: Uint8Array): Uint8Array {
  const n = broadcastLength("notEqual", a, b, undefined, out);
  const r = maskResult("notEqual", out, n);
  const x = stretch(a), y = stretch(b);
  if (typeof x === "number") {
    if (typeof y === "number") r.fill(x !== y ? 1 : 0);
    else for (let i = 0; i < n; i++) r[i] = x !== y[i]! ? 1 : 0;
  } else if (typeof y === "number") {
    for (let i = 0; i < n; i++) r[i] = x[i]! !== y ? 1 : 0;
  } else {
    for (let i = 0; i < n; i++) r[i] = x[i]! !== y[i]! ? 1 : 0;
  }
  return r;
}
