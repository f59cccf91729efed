/**
 * `where(condition, a, b)`: numpy's `np.where` with three arguments, elementwise selection.
 *
 * @module
 */
import {
  type ArrayInput,
  broadcastLength,
  floatResult,
  type Operand,
  stretch,
} from "./_broadcast.ts";

/**
 * `a[i]` where `condition[i]` is true, else `b[i]`: numpy's `np.where(condition, a, b)`, so
 * `np.where(x > 0, np.sin(x), np.cos(x))` is `where(greater(x, 0), sin(x), cos(x))`.
 *
 * `condition` is a mask such as the comparisons return; any numeric array works, and as in
 * numpy every nonzero element is true, NaN included. `a` and `b` may be arrays or numbers, and
 * the three broadcast as in `add`; `out` (which may be `a` or `b`) receives the result.
 *
 * `condition` may also be a predicate of the index, `(i) => boolean`, for a choice no mask
 * expresses cheaply: `where((i) => x[i] > 0 && x[i] < 1, a, b)`. It is called once per element,
 * in order; the length then comes from `a`, `b` or `out` (at least one must be an array).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { greater } from "./compare.ts";
 * const x = new Float64Array([-2, -1, 1, 2]);
 * assert.deepEqual(where(greater(x, 0), x, 0), new Float64Array([0, 0, 1, 2]));
 * assert.deepEqual(where(new Uint8Array([1, 0]), 7, new Float64Array([8, 9])), new Float64Array([7, 9]));
 * assert.deepEqual(where((i) => x[i]! ** 2 > 1, x, 0), new Float64Array([-2, 0, 0, 2]));
 * ```
 */
export function where(
  condition: ArrayInput | ((index: number) => unknown),
  a: Operand,
  b: Operand,
  out?: Float64Array,
): Float64Array {
  if (typeof condition === "function") return wherePredicate(condition, a, b, out);
  const n = broadcastLength("where", condition, a, b, out);
  const r = floatResult("where", out, n);
  const c = stretch(condition), x = stretch(a), y = stretch(b);
  if (typeof c === "number") return fillFrom(r, n, c !== 0 ? x : y);
  // `!== 0` rather than truthiness: NaN is true in numpy and falsy in JavaScript.
  if (typeof x === "number") {
    if (typeof y === "number") {
      for (let i = 0; i < n; i++) r[i] = c[i] !== 0 ? x : y;
    } else {
      for (let i = 0; i < n; i++) r[i] = c[i] !== 0 ? x : y[i]!;
    }
  } else if (typeof y === "number") {
    for (let i = 0; i < n; i++) r[i] = c[i] !== 0 ? x[i]! : y;
  } else {
    for (let i = 0; i < n; i++) r[i] = c[i] !== 0 ? x[i]! : y[i]!;
  }
  return r;
}

/** `r` filled with a number or with the elements of an array of length n. */
function fillFrom(r: Float64Array, n: number, x: Operand): Float64Array {
  if (typeof x === "number") return r.fill(x);
  if (x === r) return r;
  for (let i = 0; i < n; i++) r[i] = x[i]!;
  return r;
}

function wherePredicate(
  predicate: (index: number) => unknown,
  a: Operand,
  b: Operand,
  out: Float64Array | undefined,
): Float64Array {
  if (typeof a === "number" && typeof b === "number" && out === undefined) {
    throw new RangeError(
      "where: with a predicate, expected a or b to be an array (or an out array) to give the " +
        "length, received two numbers",
    );
  }
  const n = broadcastLength("where", a, b, undefined, out);
  const r = floatResult("where", out, n);
  const x = stretch(a), y = stretch(b);
  for (let i = 0; i < n; i++) {
    const chosen = predicate(i) ? x : y;
    r[i] = typeof chosen === "number" ? chosen : chosen[i]!;
  }
  return r;
}
