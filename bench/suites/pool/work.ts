/**
 * The task functions the pool benchmark runs. Both the multiproc pool (as its `module`) and the
 * naive baseline pool's worker import this module, so it imports nothing itself.
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
  for (let i = 0; i < row.length; i++) {
    const v = row[i]!;
    if (v >= low && v <= high) count++;
  }
  return count;
}

/** How many values of `row` lie in `[4, 8]`. */
export function countRow(row: readonly number[]): number {
  let count = 0;
  for (let i = 0; i < row.length; i++) {
    const v = row[i]!;
    if (v >= 4 && v <= 8) count++;
  }
  return count;
}
