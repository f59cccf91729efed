/**
 * numpy's reductions of a 1-D array to a number: `sum mean std min max argmin argmax`, with
 * numpy's edge cases (`sum` of nothing is 0, `mean` NaN, `min`/`max`/`argmin`/`argmax` a
 * RangeError; NaN propagates through `min`/`max` and is what `argmin`/`argmax` point at).
 *
 * `sum`, `mean` and `std` use numpy's pairwise summation (see `_pairwise.ts`), so they equal
 * numpy's results for float64 arrays bit for bit, not only to rounding. Every input is read as
 * float64, so a Float32Array sums like numpy's `sum(dtype=np.float64)`.
 *
 * @module
 */
import { type ArrayInput, arrayLength, describe } from "./_broadcast.ts";
import { pairwiseSquaredDeviations, pairwiseSum } from "./_pairwise.ts";

/** The length of `a`, or a RangeError with numpy's message for an empty `a`. */
function nonEmptyLength(fn: string, a: ArrayInput, numpyMessage: string): number {
  const n = arrayLength(fn, "a", a);
  if (n > 0) return n;
  throw new RangeError(`${fn}: ${numpyMessage} (expected at least one element, received none)`);
}

const NO_IDENTITY = "zero-size array to reduction operation";

/**
 * The sum of the elements, numpy's `np.sum`, by numpy's pairwise summation (blocks of 128 added
 * in 8 interleaved running sums, longer ranges split in halves): the same bits as numpy, and an
 * error growing as O(log n) instead of a running sum's O(n). Empty gives 0.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(sum(new Float64Array([1, 2, 3.5])), 6.5);
 * assert.equal(sum(new Float64Array(0)), 0);
 * // A running sum of ten 0.1s gives 0.9999999999999999; numpy's pairwise sum gives 1.
 * assert.equal(sum(new Float64Array(10).fill(0.1)), 1);
 * ```
 */
export function sum(a: ArrayInput): number {
  // numpy adds the pairwise sum to the reduction's initial 0, which turns a -0 sum into 0.
  return 0 + pairwiseSum(a, 0, arrayLength("sum", "a", a));
}

/**
 * The arithmetic mean, numpy's `np.mean`: `sum(a) / n`. Empty gives NaN (numpy warns).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(mean(new Float64Array([1, 2, 3, 4])), 2.5);
 * assert.ok(Number.isNaN(mean(new Float64Array(0))));
 * ```
 */
export function mean(a: ArrayInput): number {
  return sum(a) / a.length;
}

/**
 * Options of {@linkcode std}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * // The sample standard deviation: squared deviations (summing to 32) over n - 1.
 * const sample: StdOptions = { ddof: 1 };
 * assert.equal(std([2, 4, 4, 4, 5, 5, 7, 9], sample), Math.sqrt(32 / 7));
 * ```
 */
export interface StdOptions {
  /**
   * "Delta degrees of freedom": the squared deviations are divided by `n - ddof`. Default 0,
   * the population standard deviation; 1 gives the sample standard deviation.
   */
  ddof?: number;
}

/**
 * The standard deviation, numpy's `np.std`: `sqrt(sum((a - mean) ** 2) / max(n - ddof, 0))`,
 * with both sums pairwise as numpy's. Empty gives NaN; `n - ddof <= 0` divides by 0, giving
 * Infinity or NaN as numpy (which also warns).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(std(new Float64Array([2, 4, 4, 4, 5, 5, 7, 9])), 2);
 * assert.equal(std(new Float64Array([1, 3]), { ddof: 1 }), Math.SQRT2);
 * ```
 */
export function std(a: ArrayInput, options: StdOptions = {}): number {
  const { ddof = 0 } = options;
  if (typeof ddof !== "number") {
    throw new TypeError(`std: expected ddof to be a number, received ${describe(ddof)}`);
  }
  const n = arrayLength("std", "a", a);
  const m = pairwiseSum(a, 0, n) / n;
  return Math.sqrt(pairwiseSquaredDeviations(a, 0, n, m) / Math.max(n - ddof, 0));
}

/**
 * The smallest element, numpy's `np.min`; NaN if any element is NaN. Which zero is returned
 * when -0 and 0 tie is unspecified (numpy's own answer depends on its SIMD path).
 *
 * @throws {RangeError} If `a` is empty (numpy: "zero-size array to reduction operation minimum
 *   which has no identity").
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(min(new Float64Array([3, -1, 2])), -1);
 * assert.ok(Number.isNaN(min(new Float64Array([3, NaN, -Infinity]))));
 * ```
 */
export function min(a: ArrayInput): number {
  const n = nonEmptyLength("min", a, `${NO_IDENTITY} minimum which has no identity`);
  let m = a[0]!;
  if (m !== m) return m;
  for (let i = 1; i < n; i++) {
    const v = a[i]!;
    if (v < m) m = v;
    else if (v !== v) return v;
  }
  return m;
}

/**
 * The largest element, numpy's `np.max`; NaN if any element is NaN. Which zero is returned when
 * -0 and 0 tie is unspecified.
 *
 * @throws {RangeError} If `a` is empty.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(max(new Float64Array([3, -1, 2])), 3);
 * assert.throws(() => max(new Float64Array(0)), RangeError);
 * ```
 */
export function max(a: ArrayInput): number {
  const n = nonEmptyLength("max", a, `${NO_IDENTITY} maximum which has no identity`);
  let m = a[0]!;
  if (m !== m) return m;
  for (let i = 1; i < n; i++) {
    const v = a[i]!;
    if (v > m) m = v;
    else if (v !== v) return v;
  }
  return m;
}

/**
 * The index of the first smallest element, numpy's `np.argmin`; the index of the first NaN if
 * there is one.
 *
 * @throws {RangeError} If `a` is empty (numpy: "attempt to get argmin of an empty sequence").
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(argmin(new Float64Array([3, -1, 2, -1])), 1);
 * assert.equal(argmin(new Float64Array([3, NaN, -1, NaN])), 1);
 * ```
 */
export function argmin(a: ArrayInput): number {
  const n = nonEmptyLength("argmin", a, "attempt to get argmin of an empty sequence");
  let m = a[0]!;
  let k = 0;
  if (m !== m) return 0;
  for (let i = 1; i < n; i++) {
    const v = a[i]!;
    if (v < m) {
      m = v;
      k = i;
    } else if (v !== v) return i;
  }
  return k;
}

/**
 * The index of the first largest element, numpy's `np.argmax`; the index of the first NaN if
 * there is one.
 *
 * @throws {RangeError} If `a` is empty.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(argmax(new Float64Array([3, 7, 7])), 1);
 * assert.equal(argmax(new Float64Array([Infinity, NaN])), 1);
 * ```
 */
export function argmax(a: ArrayInput): number {
  const n = nonEmptyLength("argmax", a, "attempt to get argmax of an empty sequence");
  let m = a[0]!;
  let k = 0;
  if (m !== m) return 0;
  for (let i = 1; i < n; i++) {
    const v = a[i]!;
    if (v > m) {
      m = v;
      k = i;
    } else if (v !== v) return i;
  }
  return k;
}
