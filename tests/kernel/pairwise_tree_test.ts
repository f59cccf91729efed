import assert from "node:assert/strict";
import { combineSubtreeSums, pairwiseSubtrees } from "../../lib/kernel/_pairwise_tree.ts";
import { pairwiseSum } from "../../lib/array/_pairwise.ts";
import { RandomState } from "../../lib/random/random_state.ts";

/** The subtree sums of `a` at `depth`, each taken as numpy takes the whole: `0 + pairwise`. */
function subtreeSums(a: Float64Array, depth: number): number[] {
  const ranges = pairwiseSubtrees(a.length, depth);
  const sums = [];
  for (let k = 0; k < ranges.length; k += 2) {
    sums.push(0 + pairwiseSum(a, ranges[k]!, ranges[k + 1]!));
  }
  return sums;
}

function bits(value: number): bigint {
  return new BigInt64Array(new Float64Array([value]).buffer)[0]!;
}

Deno.test("pairwiseSubtrees() covers 0..n in order without a gap, for every n to 700 and depths 0 to 7", () => {
  for (let n = 0; n <= 700; n++) {
    for (let depth = 0; depth <= 7; depth++) {
      const ranges = pairwiseSubtrees(n, depth);
      let next = 0;
      for (let k = 0; k < ranges.length; k += 2) {
        assert.equal(ranges[k], next, `n ${n}, depth ${depth}`);
        next += ranges[k + 1]!;
      }
      assert.equal(next, n);
      assert.ok(ranges.length / 2 <= 2 ** depth);
    }
  }
});

Deno.test("subtree sums added back along the tree equal numpy's pairwise sum bit for bit", () => {
  const random = new RandomState(3);
  const sizes = [0, 1, 7, 8, 127, 128, 129, 136, 255, 256, 257, 1000, 4099, 100_003];
  for (const n of sizes) {
    // Values of wildly different magnitudes, so that any other order of additions rounds otherwise.
    const a = random.uniform(-1, 1, n).map((v, i) => v * 10 ** ((i * 7) % 5));
    const expected = 0 + pairwiseSum(a, 0, n);
    for (let depth = 0; depth <= 8; depth++) {
      const total = 0 + combineSubtreeSums(n, depth, subtreeSums(a, depth));
      assert.equal(bits(total), bits(expected), `n ${n}, depth ${depth}`);
    }
  }
});

Deno.test("the same sum cut in contiguous blocks and added in order rounds otherwise (the test can fail)", () => {
  const a = new RandomState(3).uniform(-1, 1, 100_003).map((v, i) => v * 10 ** ((i * 7) % 5));
  const expected = pairwiseSum(a, 0, a.length);
  const quarter = Math.floor(a.length / 4);
  const blocks = [0, 1, 2, 3].map((k) =>
    pairwiseSum(a, k * quarter, k === 3 ? a.length - 3 * quarter : quarter)
  );
  assert.notEqual(blocks.reduce((x, y) => x + y), expected);
});

Deno.test("signed zeros, NaN and infinities come through the subtrees as through the whole", () => {
  const cases = [
    new Float64Array(1000).fill(-0),
    Float64Array.from({ length: 1000 }, (_, i) => (i === 517 ? NaN : i)),
    Float64Array.from({ length: 1000 }, (_, i) => (i === 3 ? Infinity : i === 900 ? -Infinity : 1)),
    Float64Array.from({ length: 1000 }, (_, i) => (i === 999 ? -Infinity : 1)),
  ];
  for (const a of cases) {
    for (let depth = 0; depth <= 4; depth++) {
      const total = 0 + combineSubtreeSums(a.length, depth, subtreeSums(a, depth));
      assert.ok(Object.is(total, 0 + pairwiseSum(a, 0, a.length)), `depth ${depth}`);
    }
  }
});

Deno.test("combineSubtreeSums() refuses a number of sums other than the cut's", () => {
  assert.throws(() => combineSubtreeSums(1000, 2, [1, 2, 3]), {
    name: "RangeError",
    message: /expected 4 subtree sums for 1000 elements at depth 2, received 3/,
  });
  assert.throws(() => combineSubtreeSums(1000, 1, [1, 2, 3]), RangeError);
});
