import assert from "node:assert/strict";
import {
  allclose,
  cos,
  equal,
  greater,
  greaterEqual,
  less,
  lessEqual,
  notEqual,
  sin,
  where,
} from "../../lib/array/mod.ts";
import { assertSameFloats } from "./_floats.ts";

// Golden values: numpy 2.4.6, printed by tests/array/golden/arrays_golden.py (run it to
// regenerate). CI need not have Python: the numbers are pasted here.

// deno-fmt-ignore
const SPECIALS = [-Infinity, -1e+300, -2.5, -1.0, -0.5, -0.0, 0.0, 5e-324, 0.5, 1.0, 3.75, 1e+300, Infinity, NaN];

/** The comparisons over the same pairs as 0/1 strings. */
// deno-fmt-ignore
const NUMPY_GREATER = "0000000000000010000000000000110000000000001110000000000011110000000000111110000000001111100000000011111110000000111111110000001111111110000011111111110000111111111110001111111111110000000000000000";

// deno-fmt-ignore
const NUMPY_GREATEREQUAL = "1000000000000011000000000000111000000000001111000000000011111000000000111111100000001111111000000011111111000000111111111000001111111111000011111111111000111111111111001111111111111000000000000000";

// deno-fmt-ignore
const NUMPY_LESS = "0111111111111000111111111110000111111111100000111111111000000111111110000000011111100000000111111000000000111110000000000111100000000000111000000000000110000000000000100000000000000000000000000000";

// deno-fmt-ignore
const NUMPY_LESSEQUAL = "1111111111111001111111111110001111111111100001111111111000001111111110000001111111100000011111111000000001111110000000001111100000000001111000000000001110000000000001100000000000001000000000000000";

// deno-fmt-ignore
const NUMPY_EQUAL = "1000000000000001000000000000001000000000000001000000000000001000000000000001100000000000011000000000000001000000000000001000000000000001000000000000001000000000000001000000000000001000000000000000";

// deno-fmt-ignore
const NUMPY_NOTEQUAL = "0111111111111110111111111111110111111111111110111111111111110111111111111110011111111111100111111111111110111111111111110111111111111110111111111111110111111111111110111111111111110111111111111111";

// deno-fmt-ignore
const WHERE_X = [-2.0, -0.0, 0.0, 0.5, 3.0, NaN, Infinity, -Infinity];

/** np.where(WHERE_X > 0, WHERE_X * 2, -WHERE_X) */
// deno-fmt-ignore
const NUMPY_WHERE = [2.0, 0.0, -0.0, 1.0, 6.0, NaN, Infinity, Infinity];

/** [a, b, options, np.allclose(a, b, **options)] */
// deno-fmt-ignore
const NUMPY_ALLCLOSE: [number[], number[], Parameters<typeof allclose>[2], boolean][] = [
  [[1.0, 2.0], [1.000000001, 2.0], {}, true],
  [[1.0, 2.0], [1.0001, 2.0], {}, false],
  [[10000000000.0], [10000100000.0], {}, true],
  [[1e-09], [0.0], {}, true],
  [[1e-07], [0.0], {}, false],
  [[1e-07], [0.0], { atol: 1e-06 }, true],
  [[100.0], [101.0], { rtol: 0.01 }, true],
  [[101.0], [100.0], { rtol: 0.01 }, true],
  [[Infinity], [Infinity], {}, true],
  [[Infinity], [-Infinity], {}, false],
  [[Infinity], [1e+308], {}, false],
  [[1e+308], [Infinity], {}, false],
  [[NaN], [NaN], {}, false],
  [[NaN], [NaN], { equalNan: true }, true],
  [[NaN, 1.0], [1.0, NaN], { equalNan: true }, false],
  [[NaN], [1.0], { equalNan: true }, false],
  [[1.0], [NaN], { equalNan: true }, false],
  [[1.0, 1.000001, 0.999999], [1.0], {}, true],
  [[1.0, 1.1], [1.0], {}, false],
  [[], [], {}, true],
];

const N = SPECIALS.length;
const A = new Float64Array(N * N).map((_, k) => SPECIALS[Math.floor(k / N)]!);
const B = new Float64Array(N * N).map((_, k) => SPECIALS[k % N]!);

const COMPARISONS = [
  ["greater", greater, NUMPY_GREATER],
  ["greaterEqual", greaterEqual, NUMPY_GREATEREQUAL],
  ["less", less, NUMPY_LESS],
  ["lessEqual", lessEqual, NUMPY_LESSEQUAL],
  ["equal", equal, NUMPY_EQUAL],
  ["notEqual", notEqual, NUMPY_NOTEQUAL],
] as const;

function maskString(mask: Uint8Array): string {
  return mask.join("");
}

Deno.test("comparisons give numpy's masks on every pair of special values (NaN, ±0, ±∞)", () => {
  for (const [name, op, expected] of COMPARISONS) {
    const mask = op(A, B);
    assert.ok(mask instanceof Uint8Array, name);
    assert.equal(maskString(mask), expected, name);
  }
});

Deno.test("comparisons broadcast a number on either side", () => {
  for (const [name, op, expected] of COMPARISONS) {
    for (let i = 0; i < N; i++) {
      const row = expected.slice(i * N, (i + 1) * N);
      assert.equal(maskString(op(SPECIALS[i]!, SPECIALS)), row, `${name}(${SPECIALS[i]}, array)`);
      const column = [...expected].filter((_, k) => k % N === i).join("");
      assert.equal(
        maskString(op(SPECIALS, SPECIALS[i]!)),
        column,
        `${name}(array, ${SPECIALS[i]})`,
      );
    }
  }
});

Deno.test("comparisons write into a Uint8Array out and reject mismatched lengths naming both", () => {
  const out = new Uint8Array(3).fill(7);
  assert.equal(less(new Float64Array([1, 2, 3]), 2, out), out);
  assert.deepEqual(out, new Uint8Array([1, 0, 0]));
  assert.throws(() => equal(new Float64Array(3), new Float64Array(4)), {
    name: "RangeError",
    message: /^equal: operands could not be broadcast together with shapes \(3,\) \(4,\)/,
  });
  assert.throws(() => greater(new Float64Array(3), 0, new Uint8Array(2)), {
    name: "RangeError",
    message: /expected out to have length 3 .* received length 2/,
  });
  assert.throws(() => greater(1, 0, new Float64Array(1) as unknown as Uint8Array), {
    name: "TypeError",
    message: "greater: expected out to be a Uint8Array, received Float64Array",
  });
});

Deno.test("where(condition, a, b) equals np.where(x > 0, x * 2, -x)", () => {
  const x = new Float64Array(WHERE_X);
  const doubled = x.map((v) => v * 2), negated = x.map((v) => -v);
  assertSameFloats(where(greater(x, 0), doubled, negated), NUMPY_WHERE, "where");
});

Deno.test("where() with sin and cos picks elementwise, as np.where(x > 0, sin(x), cos(x))", () => {
  const x = new Float64Array([-1, 0, 1, 2]);
  assertSameFloats(
    where(greater(x, 0), sin(x), cos(x)),
    [Math.cos(-1), Math.cos(0), Math.sin(1), Math.sin(2)],
    "where(x > 0, sin x, cos x)",
  );
});

Deno.test("where() takes numbers for a and b, on either side and both", () => {
  const mask = new Uint8Array([1, 0, 1]);
  const x = new Float64Array([10, 20, 30]);
  assertSameFloats(where(mask, x, -1), [10, -1, 30], "where(mask, array, number)");
  assertSameFloats(where(mask, -1, x), [-1, 20, -1], "where(mask, number, array)");
  assertSameFloats(where(mask, 1, 0), [1, 0, 1], "where(mask, number, number)");
  assertSameFloats(where([1], x, 0), [10, 20, 30], "a length-1 condition stretches");
  assertSameFloats(where([0], x, 0), [0, 0, 0], "a length-1 false condition stretches");
});

Deno.test("where() treats every nonzero condition element as true, NaN included, like numpy", () => {
  const condition = new Float64Array([NaN, 0, -0, 0.5, -3]);
  const ones = new Float64Array(5).fill(1), zeros = new Float64Array(5);
  const expected = [1, 0, 0, 1, 1];
  assertSameFloats(where(condition, 1, 0), expected, "where(condition, number, number)");
  assertSameFloats(where(condition, ones, 0), expected, "where(condition, array, number)");
  assertSameFloats(where(condition, 1, zeros), expected, "where(condition, number, array)");
  assertSameFloats(where(condition, ones, zeros), expected, "where(condition, array, array)");
  assertSameFloats(where([NaN], ones, zeros), [1, 1, 1, 1, 1], "a length-1 NaN condition");
});

Deno.test("where() writes into out, which may alias a or b", () => {
  const mask = new Uint8Array([0, 1, 0]);
  const a = new Float64Array([1, 2, 3]), b = new Float64Array([4, 5, 6]);
  assert.equal(where(mask, a, b, a), a);
  assertSameFloats(a, [4, 2, 6], "out = a");
  const c = new Float64Array([7, 8, 9]);
  assert.equal(where([1], c, 0, c), c);
  assertSameFloats(c, [7, 8, 9], "out = a with a true length-1 condition");
  assert.equal(where([0], 0, c, c), c);
  assertSameFloats(c, [7, 8, 9], "out = b with a false length-1 condition");
});

Deno.test("where() rejects mismatched lengths naming all three shapes", () => {
  assert.throws(() => where(new Uint8Array(3), new Float64Array(4), 0), {
    name: "RangeError",
    message: /^where: operands could not be broadcast together with shapes \(3,\) \(4,\) \(\)/,
  });
  assert.throws(() => where(new Uint8Array(2), 1, 0, new Float64Array(3)), {
    name: "RangeError",
    message: /expected out to have length 2 .* received length 3/,
  });
});

Deno.test("allclose() agrees with np.allclose, including infinities, NaN and equalNan", () => {
  for (const [a, b, options, expected] of NUMPY_ALLCLOSE) {
    const label = `allclose([${a}], [${b}], ${JSON.stringify(options)})`;
    assert.equal(allclose(new Float64Array(a), new Float64Array(b), options), expected, label);
  }
});

Deno.test("allclose() broadcasts numbers and is asymmetric like numpy (tolerance scales with |b|)", () => {
  assert.equal(allclose(new Float64Array([1, 1 + 1e-6]), 1), true);
  assert.equal(allclose(1, new Float64Array([1, 1.1])), false);
  // numpy: np.allclose(100, 101, rtol=0.00995, atol=0) is True, with 100 and 101 swapped False.
  assert.equal(allclose(100, 101, { rtol: 0.00995, atol: 0 }), true); // 1 <= 0.00995 * 101
  assert.equal(allclose(101, 100, { rtol: 0.00995, atol: 0 }), false); // 1 > 0.00995 * 100
  assert.throws(() => allclose(new Float64Array(2), new Float64Array(3)), {
    name: "RangeError",
    message: /^allclose: operands could not be broadcast together with shapes \(2,\) \(3,\)/,
  });
  assert.throws(() => allclose(1, 1, { rtol: "1" as unknown as number }), TypeError);
});

Deno.test("where() takes a predicate of the index, called once per element in order", () => {
  const x = new Float64Array([-2, -0.5, 0.5, 2]);
  const seen: number[] = [];
  const picked = where(
    (i) => {
      seen.push(i);
      return Math.abs(x[i]!) < 1;
    },
    x,
    new Float64Array([10, 20, 30, 40]),
  );
  assert.deepEqual(picked, new Float64Array([10, -0.5, 0.5, 40]));
  assert.deepEqual(seen, [0, 1, 2, 3]);
  assert.deepEqual(where(() => true, 7, new Float64Array(2)), new Float64Array([7, 7]));
  assert.throws(() => where(() => true, 1, 2), /a or b to be an array.*received two numbers/);
  assert.throws(
    () => where(() => true, new Float64Array(3), new Float64Array(4)),
    /shapes \(3,\) \(4,\)/,
  );
});
