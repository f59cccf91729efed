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
 * A predicate `(x) => boolean` is not accepted: it would say nothing about which array it is
 * applied to, and would cost a call per element. Compute the mask first, with a comparison or a
 * loop.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { greater } from "./compare.ts";
 * const x = new Float64Array([-2, -1, 1, 2]);
 * assert.deepEqual(where(greater(x, 0), x, 0), new Float64Array([0, 0, 1, 2]));
 * assert.deepEqual(where(new Uint8Array([1, 0]), 7, new Float64Array([8, 9])), new Float64Array([7, 9]));
 * ```
 */
export function where(
  condition: ArrayInput,
  a: Operand,
  b: Operand,
  out?: Float64Array,
): Float64Array {
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
