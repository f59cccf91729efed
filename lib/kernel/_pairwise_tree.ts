/**
 * numpy's pairwise sum as a tree, cut for a pool. The sum of `n` elements is a binary tree:
 * a range of more than 128 elements is split at half its length rounded down to a multiple of 8,
 * as `pairwiseSum` in `lib/array/_pairwise.ts` and the fused sum of `jit()` do. Cutting the tree
 * at a depth gives whole subtrees, contiguous and in order, that workers can sum apart; adding
 * their sums back along the same tree gives exactly the one-thread sum, whatever the cut, so the
 * result does not depend on how many workers took part.
 *
 * @module
 */

/** numpy's PW_BLOCKSIZE: a range up to this length is a leaf of the tree. */
const BLOCK = 128;

/** Where the range of `count` elements is split: its left part's length. */
function leftLength(count: number): number {
  const half = Math.floor(count / 2);
  return half - (half % 8);
}

/**
 * The subtrees of the pairwise tree of `n` elements at `depth` (or the leaves above it), in
 * order, as flat `[start, count, start, count, ...]` pairs covering `0 .. n` without a gap.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.deepEqual(pairwiseSubtrees(1000, 2), [0, 248, 248, 248, 496, 248, 744, 256]);
 * assert.deepEqual(pairwiseSubtrees(100, 3), [0, 100]); // a leaf already
 * assert.deepEqual(pairwiseSubtrees(0, 1), [0, 0]);
 * ```
 */
export function pairwiseSubtrees(n: number, depth: number): number[] {
  const ranges: number[] = [];
  const visit = (start: number, count: number, level: number): void => {
    if (count <= BLOCK || level === depth) {
      ranges.push(start, count);
      return;
    }
    const left = leftLength(count);
    visit(start, left, level + 1);
    visit(start + left, count - left, level + 1);
  };
  visit(0, n, 0);
  return ranges;
}

/**
 * The pairwise sum of `n` elements from the sums of its subtrees at `depth` (as
 * {@linkcode pairwiseSubtrees} lists them), added in the tree's order. Equal, bit for bit, to
 * the pairwise sum of the elements, up to the sign of a zero (a subtree's `-0` given as `0`
 * changes only a total of `-0`, which numpy's `0 +` of the reduction turns into `0` anyway).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { pairwiseSum } from "../array/_pairwise.ts";
 * const a = Float64Array.from({ length: 1000 }, (_, i) => 1 / (i + 1));
 * const ranges = pairwiseSubtrees(a.length, 2);
 * const sums = [];
 * for (let k = 0; k < ranges.length; k += 2) sums.push(pairwiseSum(a, ranges[k]!, ranges[k + 1]!));
 * assert.equal(combineSubtreeSums(a.length, 2, sums), pairwiseSum(a, 0, a.length));
 * ```
 */
export function combineSubtreeSums(n: number, depth: number, sums: ArrayLike<number>): number {
  let next = 0;
  const visit = (count: number, level: number): number => {
    if (count <= BLOCK || level === depth) return sums[next++]!;
    const left = leftLength(count);
    // Both operands evaluated left to right, as the one-thread recursion does.
    const sum = visit(left, level + 1);
    return sum + visit(count - left, level + 1);
  };
  const total = visit(n, 0);
  if (next !== sums.length) {
    throw new RangeError(
      `combineSubtreeSums(): expected ${next} subtree sums for ${n} elements at depth ${depth}, ` +
        `received ${sums.length}`,
    );
  }
  return total;
}
