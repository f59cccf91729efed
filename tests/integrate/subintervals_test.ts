import assert from "node:assert/strict";
import { ErrorOrder, Subintervals } from "../../lib/integrate/subintervals.ts";

/** A small deterministic generator (xorshift32) for reproducible random errors. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 2 ** 32;
  };
}

Deno.test("ErrorOrder: after every bisection the next pick has the largest error; the head is sorted", () => {
  for (const limit of [7, 20, 50]) {
    const random = rng(limit);
    const errors = new Float64Array(limit);
    const order = new ErrorOrder(limit);
    errors[0] = 1;
    order.reset();
    for (let count = 2; count <= limit; count++) {
      // Split `current`: the larger half keeps its index, the other is appended.
      const split = order.current, e = errors[split]!;
      const [big, small] = [random() * e, random() * e].sort((p, q) => q - p);
      errors[split] = big!;
      errors[count - 1] = small!;
      order.update(errors, count);
      // Only as much of the order as can still be picked is kept sorted (QUADPACK's QPSRT):
      // all of it while count <= limit/2 + 2, then a head that shrinks as the budget does.
      const top = count > (limit >> 1) + 2 ? limit + 2 - count : count - 1;
      const expected = Array.from(errors.subarray(0, count)).sort((p, q) => q - p);
      for (let i = 0; i <= top; i++) {
        if (top === count - 1) {
          assert.equal(
            errors[order.at(i)]!,
            expected[i],
            `limit ${limit}, count ${count}, pos ${i}`,
          );
        } else if (i > 0) {
          assert.ok(errors[order.at(i)]! <= errors[order.at(i - 1)]!, "head descending");
        }
      }
      // Whatever is dropped, the interval picked next always has the largest error.
      assert.equal(errors[order.current], expected[0], `limit ${limit}, count ${count}`);
      assert.equal(order.current, order.at(0));
    }
  }
});

Deno.test("ErrorOrder: with the cursor moved down (extrapolation), a grown error climbs and the cursor follows", () => {
  const errors = Float64Array.of(4, 3, 2, 0);
  const order = new ErrorOrder(10);
  order.reset();
  order.update(Float64Array.of(4, 3), 2);
  errors[0] = 2.5;
  errors[2] = 2;
  order.update(errors, 3); // [1 (3), 0 (2.5), 2 (2)]
  assert.deepEqual([order.at(0), order.at(1), order.at(2)], [1, 0, 2]);
  // Bisect position 1 (interval 0) whose larger half has error 5: it climbs to the top.
  order.cursor = 1;
  order.current = order.at(1);
  errors[0] = 5;
  errors[3] = 1;
  order.update(errors, 4);
  assert.equal(order.cursor, 0);
  assert.equal(order.current, 0);
  assert.deepEqual([0, 1, 2, 3].map((i) => order.at(i)), [0, 1, 2, 3]);
});

Deno.test("Subintervals.bisect keeps the larger-error half at the old index and sums in index order", () => {
  const list = new Subintervals(5);
  list.reset(-1, 3, 10, 1);
  list.bisect(1, 4, 0.1, 5, 0.2); // right half has the larger error: it stays at index 0
  assert.deepEqual([list.lo[0], list.hi[0], list.area[0], list.err[0]], [1, 3, 5, 0.2]);
  assert.deepEqual([list.lo[1], list.hi[1], list.area[1], list.err[1]], [-1, 1, 4, 0.1]);
  assert.equal(list.width(1), 2);
  assert.equal(list.sum(), 9);
  assert.equal(list.order.current, 0);
});
