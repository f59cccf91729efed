import assert from "node:assert/strict";
import { arange, full, linspace, ones, zeros } from "../../lib/array/creation.ts";
import { assertSameFloats } from "./_floats.ts";

// Golden values: numpy 2.4.6, printed by tests/array/golden/arrays_golden.py (run it to
// regenerate). CI need not have Python: the numbers are pasted here.

/** [arange arguments, np.arange(*arguments)] */
// deno-fmt-ignore
const NUMPY_ARANGE: [args: (number | undefined)[], values: number[]][] = [
  [[5.0], [0.0, 1.0, 2.0, 3.0, 4.0]],
  [[1.0, 1.3, 0.1], [1.0, 1.1, 1.2000000000000002, 1.3000000000000003]],
  [[1.0, 2.0, 0.1], [1.0, 1.1, 1.2000000000000002, 1.3000000000000003, 1.4000000000000004, 1.5000000000000004, 1.6000000000000005, 1.7000000000000006, 1.8000000000000007, 1.9000000000000008]],
  [[0.0, 1.0, 0.1], [0.0, 0.1, 0.2, 0.30000000000000004, 0.4, 0.5, 0.6000000000000001, 0.7000000000000001, 0.8, 0.9]],
  [[0.1, 0.9, 0.1], [0.1, 0.2, 0.30000000000000004, 0.4, 0.5, 0.6, 0.7000000000000001, 0.8]],
  [[10.0, 0.0, -1.5], [10.0, 8.5, 7.0, 5.5, 4.0, 2.5, 1.0]],
  [[-3.0, 3.0, 0.7], [-3.0, -2.3, -1.5999999999999996, -0.8999999999999995, -0.1999999999999993, 0.5000000000000009, 1.200000000000001, 1.9000000000000012, 2.6000000000000014]],
  [[0.5, 5.0], [0.5, 1.5, 2.5, 3.5, 4.5]],
  [[5.0, undefined, 2.0], [0.0, 2.0, 4.0]],
  [[1.0, 1.0], []],
  [[0.0, -1.0], []],
  [[-0.001, 0.001, 0.0003], [-0.001, -0.0007000000000000001, -0.0004000000000000002, -0.00010000000000000026, 0.00019999999999999966, 0.0004999999999999996, 0.0007999999999999995]],
];

/** [start, stop, num, endpoint, np.linspace(start, stop, num, endpoint=endpoint)] */
// deno-fmt-ignore
const NUMPY_LINSPACE: [number, number, number, boolean, number[]][] = [
  [0.0, 1.0, 5, true, [0.0, 0.25, 0.5, 0.75, 1.0]],
  [0.0, 1.0, 5, false, [0.0, 0.2, 0.4, 0.6000000000000001, 0.8]],
  [1.0, 10.0, 7, true, [1.0, 2.5, 4.0, 5.5, 7.0, 8.5, 10.0]],
  [-2.5, 3.3, 11, true, [-2.5, -1.92, -1.34, -0.7600000000000002, -0.18000000000000016, 0.3999999999999999, 0.9799999999999995, 1.5599999999999996, 2.1399999999999997, 2.7199999999999998, 3.3]],
  [0.0, 1.0, 50, true, [0.0, 0.02040816326530612, 0.04081632653061224, 0.061224489795918366, 0.08163265306122448, 0.1020408163265306, 0.12244897959183673, 0.14285714285714285, 0.16326530612244897, 0.18367346938775508, 0.2040816326530612, 0.22448979591836732, 0.24489795918367346, 0.26530612244897955, 0.2857142857142857, 0.3061224489795918, 0.32653061224489793, 0.3469387755102041, 0.36734693877551017, 0.3877551020408163, 0.4081632653061224, 0.42857142857142855, 0.44897959183673464, 0.4693877551020408, 0.4897959183673469, 0.5102040816326531, 0.5306122448979591, 0.5510204081632653, 0.5714285714285714, 0.5918367346938775, 0.6122448979591836, 0.6326530612244897, 0.6530612244897959, 0.673469387755102, 0.6938775510204082, 0.7142857142857142, 0.7346938775510203, 0.7551020408163265, 0.7755102040816326, 0.7959183673469387, 0.8163265306122448, 0.836734693877551, 0.8571428571428571, 0.8775510204081632, 0.8979591836734693, 0.9183673469387754, 0.9387755102040816, 0.9591836734693877, 0.9795918367346939, 1.0]],
  [2.0, 2.0, 4, true, [2.0, 2.0, 2.0, 2.0]],
  [1.0, 0.0, 6, true, [1.0, 0.8, 0.6, 0.3999999999999999, 0.19999999999999996, 0.0]],
  [0.0, 1.0, 1, true, [0.0]],
  [0.0, 1.0, 0, true, []],
  [0.0, 1.0, 1, false, [0.0]],
  [0.1, 0.7, 9, false, [0.1, 0.16666666666666669, 0.23333333333333334, 0.30000000000000004, 0.3666666666666667, 0.43333333333333335, 0.5, 0.5666666666666667, 0.6333333333333333]],
  [0.0, 5e-324, 4, true, [0.0, 0.0, 5e-324, 5e-324]],
  [-1e+300, 1e+300, 5, true, [-1e+300, -5e+299, 0.0, 5e+299, 1e+300]],
  [-1e+308, 1e+308, 3, true, [NaN, Infinity, 1e+308]],
];

Deno.test("arange() equals np.arange bit for bit, length and values", () => {
  for (const [args, expected] of NUMPY_ARANGE) {
    const [start, stop, step] = args as [number, number | undefined, number | undefined];
    assertSameFloats(arange(start, stop, step), expected, `arange(${args.join(", ")})`);
  }
});

Deno.test("arange() follows numpy's length rule: arange(1, 1.3, 0.1) has 4 elements", () => {
  const a = arange(1, 1.3, 0.1);
  assert.equal(a.length, 4);
  assert.equal(a[3], 1.3000000000000003);
});

Deno.test("arange() uses numpy's delta = (start + step) - start, not step, from element 2 on", () => {
  // 1 + 5 * 0.1 is 1.5, but numpy's fill gives 1 + 5 * 0.10000000000000009.
  assert.equal(arange(1, 2, 0.1)[5], 1.5000000000000004);
  assert.notEqual(1 + 5 * 0.1, 1.5000000000000004);
});

Deno.test("arange(stop) counts from 0; arange(stop, undefined, step) too", () => {
  assertSameFloats(arange(5), [0, 1, 2, 3, 4], "arange(5)");
  assertSameFloats(arange(5, undefined, 2), [0, 2, 4], "arange(5, undefined, 2)");
  assertSameFloats(arange(0), [], "arange(0)");
  assertSameFloats(arange(-3), [], "arange(-3)");
});

Deno.test("arange() rejects a zero step and non-finite arguments with a RangeError", () => {
  assert.throws(() => arange(0, 1, 0), { name: "RangeError", message: /nonzero step, received 0/ });
  assert.throws(() => arange(0, Infinity), { name: "RangeError", message: /stop .* Infinity/ });
  assert.throws(() => arange(NaN), { name: "RangeError", message: /finite number, received NaN/ });
  assert.throws(() => arange(0, 1e300, 1e-300), { name: "RangeError", message: /too many/ });
  assert.throws(() => arange("5" as unknown as number), TypeError);
});

Deno.test("linspace() equals np.linspace bit for bit, with and without the endpoint", () => {
  for (const [start, stop, num, endpoint, expected] of NUMPY_LINSPACE) {
    assertSameFloats(
      linspace(start, stop, num, { endpoint }),
      expected,
      `linspace(${start}, ${stop}, ${num}, { endpoint: ${endpoint} })`,
    );
  }
});

Deno.test("linspace() has 50 values by default and ends exactly at stop", () => {
  const a = linspace(-2.5, 3.3);
  assert.equal(a.length, 50);
  assert.equal(a[0], -2.5);
  assert.equal(a[49], 3.3);
});

Deno.test("linspace() rejects a negative or fractional num with a RangeError naming it", () => {
  assert.throws(() => linspace(0, 1, -1), {
    name: "RangeError",
    message: "linspace: expected num to be a non-negative integer, received -1",
  });
  assert.throws(() => linspace(0, 1, 2.5), RangeError);
});

Deno.test("zeros(), ones() and full() fill a Float64Array of length n", () => {
  assertSameFloats(zeros(3), [0, 0, 0], "zeros(3)");
  assertSameFloats(ones(2), [1, 1], "ones(2)");
  assertSameFloats(full(3, -0), [-0, -0, -0], "full(3, -0)");
  assertSameFloats(full(2, NaN), [NaN, NaN], "full(2, NaN)");
  assert.ok(zeros(0) instanceof Float64Array);
  assert.equal(ones(0).length, 0);
});

Deno.test("zeros(), ones() and full() reject a length that is not a non-negative integer", () => {
  assert.throws(() => zeros(-1), { name: "RangeError", message: /zeros: .*received -1/ });
  assert.throws(() => ones(1.5), { name: "RangeError", message: /ones: .*received 1.5/ });
  assert.throws(() => full(NaN, 1), { name: "RangeError", message: /full: .*received NaN/ });
  assert.throws(() => full(2, "x" as unknown as number), TypeError);
});
