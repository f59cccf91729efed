/**
 * numpy's pairwise summation (`pairwise_sum` in numpy/_core/src/umath/loops_utils.h.src),
 * reproduced operation for operation so that sums equal numpy's bit for bit: fewer than 8
 * elements are added in order; up to 128 (numpy's PW_BLOCKSIZE) go into 8 running sums, one per
 * position mod 8, combined as ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7)) before the
 * remaining n mod 8 elements are added in order; longer ranges are split in two at half the
 * length rounded down to a multiple of 8 and the two sums added. The rounding error grows as
 * O(log n) rather than the O(n) of a running sum.
 *
 * @module
 */

/** numpy's PW_BLOCKSIZE: ranges up to this length are summed by the 8-way unrolled loop. */
const BLOCK = 128;

/** numpy's pairwise sum of `a[lo .. lo + n)`. */
export function pairwiseSum(a: ArrayLike<number>, lo: number, n: number): number {
  if (n < 8) {
    let res = 0;
    for (let i = lo; i < lo + n; i++) res += a[i]!;
    return res;
  }
  if (n <= BLOCK) {
    let r0 = a[lo]!;
    let r1 = a[lo + 1]!;
    let r2 = a[lo + 2]!;
    let r3 = a[lo + 3]!;
    let r4 = a[lo + 4]!;
    let r5 = a[lo + 5]!;
    let r6 = a[lo + 6]!;
    let r7 = a[lo + 7]!;
    const end = lo + n - (n % 8);
    let i = lo + 8;
    for (; i < end; i += 8) {
      r0 += a[i]!;
      r1 += a[i + 1]!;
      r2 += a[i + 2]!;
      r3 += a[i + 3]!;
      r4 += a[i + 4]!;
      r5 += a[i + 5]!;
      r6 += a[i + 6]!;
      r7 += a[i + 7]!;
    }
    let res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
    for (; i < lo + n; i++) res += a[i]!;
    return res;
  }
  const half = Math.floor(n / 2);
  const n2 = half - (half % 8);
  return pairwiseSum(a, lo, n2) + pairwiseSum(a, lo + n2, n - n2);
}

/**
 * The pairwise sum of `(a[i] - m) ** 2` over `a[lo .. lo + n)`, in exactly the order
 * {@linkcode pairwiseSum} would add them if they were stored in an array: numpy's variance sums
 * the array `(a - mean) * (a - mean)`, and computing the squares on the fly gives the same bits
 * without allocating it.
 */
export function pairwiseSquaredDeviations(
  a: ArrayLike<number>,
  lo: number,
  n: number,
  m: number,
): number {
  if (n < 8) {
    let res = 0;
    for (let i = lo; i < lo + n; i++) res += square(a[i]! - m);
    return res;
  }
  if (n <= BLOCK) {
    let r0 = square(a[lo]! - m), r1 = square(a[lo + 1]! - m);
    let r2 = square(a[lo + 2]! - m), r3 = square(a[lo + 3]! - m);
    let r4 = square(a[lo + 4]! - m), r5 = square(a[lo + 5]! - m);
    let r6 = square(a[lo + 6]! - m), r7 = square(a[lo + 7]! - m);
    const end = lo + n - (n % 8);
    let i = lo + 8;
    for (; i < end; i += 8) {
      r0 += square(a[i]! - m);
      r1 += square(a[i + 1]! - m);
      r2 += square(a[i + 2]! - m);
      r3 += square(a[i + 3]! - m);
      r4 += square(a[i + 4]! - m);
      r5 += square(a[i + 5]! - m);
      r6 += square(a[i + 6]! - m);
      r7 += square(a[i + 7]! - m);
    }
    let res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
    for (; i < lo + n; i++) res += square(a[i]! - m);
    return res;
  }
  const half = Math.floor(n / 2);
  const n2 = half - (half % 8);
  return pairwiseSquaredDeviations(a, lo, n2, m) +
    pairwiseSquaredDeviations(a, lo + n2, n - n2, m);
}

function square(d: number): number {
  return d * d;
}
