import assert from "node:assert/strict";
import { polyval } from "../../lib/array/mod.ts";
import { assertSameFloats } from "./_floats.ts";

// Golden values: numpy 2.4.6, printed by tests/array/golden/arrays_golden.py (run it to
// regenerate). CI need not have Python: the numbers are pasted here.

// deno-fmt-ignore
const POLY_X = [-3.0, -1.0, -0.1, 0.0, 0.3, 1.0, 2.7, 10.0, 1e+100, Infinity, NaN];

/** [p, np.polyval(p, POLY_X)] */
// deno-fmt-ignore
const NUMPY_POLYVAL: [number[], number[]][] = [
  [[3.0, 0.0, 1.0], [28.0, 4.0, 1.03, 1.0, 1.27, 4.0, 22.870000000000005, 301.0, 3.0000000000000002e+200, NaN, NaN]],
  [[1.5, -2.0, 0.25, 7.0], [-52.25, 3.25, 6.9535, 7.0, 6.9355, 6.75, 22.619500000000006, 1309.5, 1.5e+300, NaN, NaN]],
  [[0.1, 0.2, 0.3, 0.4, 0.5, 0.6], [-13.500000000000004, 0.30000000000000004, 0.553719, 0.6, 0.795963, 2.1, 35.74862700000001, 12345.6, Infinity, NaN, NaN]],
  [[2.5], [2.5, 2.5, 2.5, 2.5, 2.5, 2.5, 2.5, 2.5, 2.5, NaN, NaN]],
  [[], [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]],
];

Deno.test("polyval() equals np.polyval bit for bit (highest power first, Horner, no FMA)", () => {
  for (const [p, expected] of NUMPY_POLYVAL) {
    assertSameFloats(polyval(p, new Float64Array(POLY_X)), expected, `polyval([${p}], x)`);
  }
});

Deno.test("polyval() gives NaN at infinite x as numpy (its accumulator starts at 0 * x)", () => {
  assertSameFloats(polyval([1, 0], [Infinity, -Infinity]), [NaN, NaN], "x at ±∞");
  assertSameFloats(polyval([], [1, 2]), [0, 0], "no coefficients");
});

Deno.test("polyval() takes a number x, and writes into out, which may be x", () => {
  assertSameFloats(polyval([3, 0, 1], 5), [76], "polyval([3, 0, 1], 5)");
  assertSameFloats(polyval([3, 0, 1], 5, new Float64Array(2)), [76, 76], "number x into out");
  const x = new Float64Array([0, 1, 2]);
  assert.equal(polyval(new Float64Array([1, -1, 1]), x, x), x);
  assertSameFloats(x, [1, 1, 3], "x² - x + 1 in place");
});

Deno.test("polyval() rejects an out of the wrong length and coefficients that are not an array", () => {
  assert.throws(() => polyval([1, 2], new Float64Array(3), new Float64Array(2)), {
    name: "RangeError",
    message:
      "polyval: expected out to have length 3 (the broadcast of shapes (3,)), received length 2",
  });
  assert.throws(() => polyval(2 as unknown as number[], [1]), {
    name: "TypeError",
    message: "polyval: expected coefficients to be an array of numbers, received number 2",
  });
});
