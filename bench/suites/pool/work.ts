/**
 * The task functions of the pool suite: the multiproc pool's `module` and what the naive pool's
 * worker imports. It imports nothing, so workers start lean.
 *
 * @module
 */

/** The tiny task: `x + 1`. */
export function inc(x: number): number {
  return x + 1;
}

/** How many values of `row` lie in `[low, high]`. */
export function countBetween(row: readonly number[], low: number, high: number): number {
  let count = 0;
  for (const v of row) if (v >= low && v <= high) count++;
  return count;
}

/** How many values of `row` lie in `[4, 8]`. */
export function countRow(row: readonly number[]): number {
  return countBetween(row, 4, 8);
}
