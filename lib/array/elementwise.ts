/**
 * numpy's elementwise arithmetic on 1-D arrays (`np.add`, `np.subtract`, `np.multiply`,
 * `np.divide`, `np.power`), with numpy's broadcasting: either operand may be a number (or a
 * length-1 array), used for every element. Each takes an optional `out` (a Float64Array of the
 * result's length, which may be one of the inputs) and returns it; without `out` it returns a new
 * Float64Array. Mismatched lengths are a RangeError naming both shapes, as numpy's
 * "operands could not be broadcast together with shapes (3,) (4,)".
 *
 * On short arrays, allocating the result costs more than computing it (a new Float64Array takes
 * about 0.2 µs in Deno 2.9's V8), so loops that call these repeatedly should pass `out`. On long
 * ones too: a new 1e6-element result (8 MB of fresh memory, page faults on first write, freed
 * only by a garbage collection) cost 1.3–4× the call with `out` in `deno task bench:math`.
 *
 * @module
 */
import { broadcastLength, floatResult, type Operand, stretch } from "./_broadcast.ts";

export type { ArrayInput, Operand } from "./_broadcast.ts";

// Each function has one loop per operand kind (array/array, array/number, number/array), each
// twice: once for Float64Arrays only and once for any other array, written out alike. A loop's
// element reads that have seen one other array type (a number[], an Int32Array) stay polymorphic
// for the rest of the process: add(x, y, out) on 1e6 float64 took 2.6 ms after a few calls on
// small number[] and Int32Array operands, against 0.93 ms before them. The Float64Array copies
// only ever see Float64Arrays, so they keep the fast code whatever else the program passes.

/**
 * `a + b` elementwise, numpy's `np.add`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.deepEqual(add(new Float64Array([1, 2, 3]), 10), new Float64Array([11, 12, 13]));
 * const x = new Float64Array([1, 2]);
 * add(x, x, x); // out may be an input
 * assert.deepEqual(x, new Float64Array([2, 4]));
 * ```
 */
export function add(a: Operand, b: Operand, out?: Float64Array): Float64Array {
  const n = broadcastLength("add", a, b, undefined, out);
  const r = floatResult("add", out, n);
  const x = stretch(a), y = stretch(b);
  if (typeof x === "number") {
    if (typeof y === "number") r.fill(x + y);
    else if (y instanceof Float64Array) { for (let i = 0; i < n; i++) r[i] = x + y[i]!; }
    else for (let i = 0; i < n; i++) r[i] = x + y[i]!;
  } else if (typeof y === "number") {
    if (x instanceof Float64Array) { for (let i = 0; i < n; i++) r[i] = x[i]! + y; }
    else for (let i = 0; i < n; i++) r[i] = x[i]! + y;
  } else if (x instanceof Float64Array && y instanceof Float64Array) {
    for (let i = 0; i < n; i++) r[i] = x[i]! + y[i]!;
  } else {
    for (let i = 0; i < n; i++) r[i] = x[i]! + y[i]!;
  }
  return r;
}

/**
 * `a - b` elementwise, numpy's `np.subtract`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.deepEqual(subtract(1, new Float64Array([1, 2, 3])), new Float64Array([0, -1, -2]));
 * ```
 */
export function subtract(a: Operand, b: Operand, out?: Float64Array): Float64Array {
  const n = broadcastLength("subtract", a, b, undefined, out);
  const r = floatResult("subtract", out, n);
  const x = stretch(a), y = stretch(b);
  if (typeof x === "number") {
    if (typeof y === "number") r.fill(x - y);
    else if (y instanceof Float64Array) { for (let i = 0; i < n; i++) r[i] = x - y[i]!; }
    else for (let i = 0; i < n; i++) r[i] = x - y[i]!;
  } else if (typeof y === "number") {
    if (x instanceof Float64Array) { for (let i = 0; i < n; i++) r[i] = x[i]! - y; }
    else for (let i = 0; i < n; i++) r[i] = x[i]! - y;
  } else if (x instanceof Float64Array && y instanceof Float64Array) {
    for (let i = 0; i < n; i++) r[i] = x[i]! - y[i]!;
  } else {
    for (let i = 0; i < n; i++) r[i] = x[i]! - y[i]!;
  }
  return r;
}

/**
 * `a * b` elementwise, numpy's `np.multiply`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const product = multiply(new Float64Array([1, 2]), new Float64Array([3, 4]));
 * assert.deepEqual(product, new Float64Array([3, 8]));
 * ```
 */
export function multiply(a: Operand, b: Operand, out?: Float64Array): Float64Array {
  const n = broadcastLength("multiply", a, b, undefined, out);
  const r = floatResult("multiply", out, n);
  const x = stretch(a), y = stretch(b);
  if (typeof x === "number") {
    if (typeof y === "number") r.fill(x * y);
    else if (y instanceof Float64Array) { for (let i = 0; i < n; i++) r[i] = x * y[i]!; }
    else for (let i = 0; i < n; i++) r[i] = x * y[i]!;
  } else if (typeof y === "number") {
    if (x instanceof Float64Array) { for (let i = 0; i < n; i++) r[i] = x[i]! * y; }
    else for (let i = 0; i < n; i++) r[i] = x[i]! * y;
  } else if (x instanceof Float64Array && y instanceof Float64Array) {
    for (let i = 0; i < n; i++) r[i] = x[i]! * y[i]!;
  } else {
    for (let i = 0; i < n; i++) r[i] = x[i]! * y[i]!;
  }
  return r;
}

/**
 * `a / b` elementwise, numpy's `np.divide` (IEEE: `1 / 0` is Infinity, `0 / 0` is NaN).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const quotient = divide(new Float64Array([1, -1, 0]), 0);
 * assert.deepEqual(Array.from(quotient), [Infinity, -Infinity, NaN]);
 * ```
 */
export function divide(a: Operand, b: Operand, out?: Float64Array): Float64Array {
  const n = broadcastLength("divide", a, b, undefined, out);
  const r = floatResult("divide", out, n);
  const x = stretch(a), y = stretch(b);
  if (typeof x === "number") {
    if (typeof y === "number") r.fill(x / y);
    else if (y instanceof Float64Array) { for (let i = 0; i < n; i++) r[i] = x / y[i]!; }
    else for (let i = 0; i < n; i++) r[i] = x / y[i]!;
  } else if (typeof y === "number") {
    if (x instanceof Float64Array) { for (let i = 0; i < n; i++) r[i] = x[i]! / y; }
    else for (let i = 0; i < n; i++) r[i] = x[i]! / y;
  } else if (x instanceof Float64Array && y instanceof Float64Array) {
    for (let i = 0; i < n; i++) r[i] = x[i]! / y[i]!;
  } else {
    for (let i = 0; i < n; i++) r[i] = x[i]! / y[i]!;
  }
  return r;
}

/**
 * C's `pow`, which numpy uses: unlike JavaScript's `**`, `1 ** y` is 1 even for NaN and
 * `(-1) ** ±Infinity` is 1.
 */
function cPow(x: number, y: number): number {
  return x === 1 || (x === -1 && (y === Infinity || y === -Infinity)) ? 1 : x ** y;
}

/**
 * `a ** b` elementwise, numpy's `np.power` on floats, with C's special cases (`power(1, NaN)` and
 * `power(-1, Infinity)` are 1, where JavaScript's `**` gives NaN). A negative base with a
 * non-integer exponent gives NaN.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.deepEqual(pow(new Float64Array([1, 2, 3]), 2), new Float64Array([1, 4, 9]));
 * assert.deepEqual(pow(2, new Float64Array([-1, 0.5])), new Float64Array([0.5, Math.SQRT2]));
 * ```
 */
export function pow(a: Operand, b: Operand, out?: Float64Array): Float64Array {
  const n = broadcastLength("pow", a, b, undefined, out);
  const r = floatResult("pow", out, n);
  const x = stretch(a), y = stretch(b);
  if (typeof x === "number") {
    if (typeof y === "number") r.fill(cPow(x, y));
    else if (y instanceof Float64Array) { for (let i = 0; i < n; i++) r[i] = cPow(x, y[i]!); }
    else for (let i = 0; i < n; i++) r[i] = cPow(x, y[i]!);
  } else if (typeof y === "number") {
    if (x instanceof Float64Array) { for (let i = 0; i < n; i++) r[i] = cPow(x[i]!, y); }
    else for (let i = 0; i < n; i++) r[i] = cPow(x[i]!, y);
  } else if (x instanceof Float64Array && y instanceof Float64Array) {
    for (let i = 0; i < n; i++) r[i] = cPow(x[i]!, y[i]!);
  } else {
    for (let i = 0; i < n; i++) r[i] = cPow(x[i]!, y[i]!);
  }
  return r;
}
