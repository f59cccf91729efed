import assert from "node:assert/strict";
import { argmax, argmin, max, mean, min, std, sum } from "../../lib/array/reduce.ts";
import { sameFloat } from "./_floats.ts";

// Golden values: numpy 2.4.6, printed by tests/array/golden/arrays_golden.py (run it to
// regenerate). CI need not have Python: the numbers are pasted here.

/** [n, np.sum(inputs(n)), a running sum, np.mean, np.std, np.std(ddof=1)] */
// deno-fmt-ignore
const NUMPY_REDUCTIONS: [n: number, sum: number, runningSum: number, mean: number, std: number, std1: number][] = [
  [0, 0.0, 0.0, NaN, NaN, NaN],
  [1, -0.4999942514114082, -0.4999942514114082, -0.4999942514114082, 0.0, NaN],
  [2, 13.370083887595683, 13.370083887595683, 6.685041943797842, 7.18503619520925, 10.161175633406502],
  [7, -44454096.37831926, -44454096.37831926, -6350585.196902752, 15555528.7536864, 16801891.37987819],
  [8, -44454096.37822221, -44454096.378222205, -5556762.0472777765, 14701658.131179709, 15716733.641243923],
  [9, -44454099.29631933, -44454099.29631932, -4939344.366257703, 13970432.050635714, 14817880.858665597],
  [15, -62564838.10914151, -62564838.10914151, -4170989.2072761008, 13678681.737862458, 14158780.746756153],
  [16, -62564837.90117083, -62564837.90117082, -3910302.3688231767, 13282753.95471558, 13718369.295569105],
  [17, -62565116.06614943, -62565116.06614943, -3680300.9450676134, 12918964.218372574, 13316563.511481306],
  [127, -131693511.5013795, -131693511.5013796, -1036956.7834754292, 12931073.585210925, 12982285.958242688],
  [128, -131693511.5016187, -131693511.50161882, -1028855.5586063961, 12880786.083091322, 12931398.404125525],
  [129, -131693509.44181924, -131693509.44181934, -1020879.9181536374, 12831080.71159725, 12881104.607788906],
  [130, -152843083.382603, -152843083.38260308, -1175716.026020023, 12902049.101348275, 12951960.50281271],
  [255, 21371314.430865526, 21371314.430865496, 83809.07619947265, 12980410.870920874, 13005937.760613495],
  [256, 21371313.96627535, 21371313.966275282, 83481.69518076308, 12955034.754116124, 12980411.92780775],
  [257, 21371363.240388855, 21371363.240388777, 83157.05541007337, 12929806.88401031, 12955035.799481168],
  [1000, -40660364.601016015, -40660364.60101595, -40660.364601016016, 12907258.208224025, 12913716.681587014],
  [1023, -31150245.04106842, -31150245.04106837, -30449.897400848895, 12908977.946059944, 12915291.948856689],
  [4096, 16590688.315858439, 16590688.315858431, 4050.4610146138766, 12912307.027299631, 12913883.525324833],
  [8193, 108959487.12046787, 108959487.12046781, 13299.095217926018, 12912895.263814421, 12913683.380343813],
  [10007, 109872457.14280084, 109872457.14280029, 10979.560022264499, 12911731.177404003, 12912376.3607237],
  [100003, -340467465.7958031, -340467465.7958023, -3404.572520782408, 12910090.075421086, 12910154.624419112],
];

/** [values, np.min, np.max, np.argmin, np.argmax] */
// deno-fmt-ignore
const NUMPY_MINMAX: [values: number[], min: number, max: number, argmin: number, argmax: number][] = [
  [[3.0, -1.0, 2.0, -1.0], -1.0, 3.0, 1, 0],
  [[NaN, 1.0], NaN, NaN, 0, 0],
  [[1.0, NaN, -Infinity, NaN], NaN, NaN, 1, 1],
  [[Infinity, -Infinity], -Infinity, Infinity, 1, 0],
  [[-Infinity, -Infinity], -Infinity, -Infinity, 0, 0],
  [[5.0], 5.0, 5.0, 0, 0],
  [[NaN, 1.0, NaN], NaN, NaN, 0, 0],
  [[2.0, NaN, NaN], NaN, NaN, 1, 1],
  [[2.0, 7.0, 7.0, -3.0, -3.0], -3.0, 7.0, 3, 1],
  [[1e-320, -5e-324, 0.0], -5e-324, 1e-320, 1, 0],
];

/** [n, np.mean(offset_inputs(n)), np.std, np.std(ddof=1)] */
// deno-fmt-ignore
const NUMPY_OFFSET_STD: [n: number, mean: number, std: number, std1: number][] = [
  [1, 999999.5000057486, 0.0, NaN],
  [2, 999999.7569379134, 0.25693216477520764, 0.3633569520349774],
  [7, 999999.7558844516, 0.24898467489275006, 0.2689341859762158],
  [8, 999999.798530902, 0.25879574081790263, 0.27666428437055424],
  [9, 999999.7776852889, 0.2510176473629132, 0.26624442097171414],
  [15, 999999.8303893886, 0.2565352257579763, 0.2655391860805426],
  [16, 999999.8539882202, 0.2646710214730871, 0.2733510555703925],
  [17, 999999.8462145026, 0.2586445596516615, 0.266604709733792],
  [127, 999999.9836947308, 0.2892973451288046, 0.29044308167250343],
  [128, 999999.981953175, 0.288832643168247, 0.28996754987090384],
  [129, 999999.9842220646, 0.28885380707860486, 0.28997994704955865],
  [130, 999999.982716543, 0.28824831872041834, 0.28936340342084776],
  [255, 999999.9999912878, 0.28935344278294955, 0.2899224766517193],
  [256, 999999.9981765163, 0.2902381407141897, 0.29080667826338447],
  [257, 999999.9983753397, 0.2896903919295397, 0.29025564201225734],
  [1000, 999999.998238359, 0.2885349552216213, 0.28867933099008647],
  [1023, 999999.9976791263, 0.2890082741203376, 0.2891496330302918],
  [4096, 999999.9992810499, 0.28868768596311783, 0.28872293261314397],
  [8193, 999999.9997605904, 0.28871332715552167, 0.2887309482808184],
  [10007, 999999.9997009711, 0.28869260761610444, 0.28870703323048524],
  [100003, 999999.9999945096, 0.2886742096062586, 0.28867565294483155],
];

const SCALES = [1, 1e3, 1e-3, 7.5, 1e8];

/** inputs(n) of arrays_golden.py: every step is exact, so Python and JavaScript agree. */
function inputs(n: number): Float64Array {
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    a[i] = (((i * 1103515245 + 12345) % 2 ** 31) / 2 ** 31 - 0.5) * SCALES[i % 5]!;
  }
  return a;
}

/** offset_inputs(n) of arrays_golden.py: 1e6 plus values in [-0.5, 0.5), sums exact. */
function offsetInputs(n: number): Float64Array {
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) a[i] = 1e6 + (((i * 1103515245 + 12345) % 2 ** 31) / 2 ** 31 - 0.5);
  return a;
}

function assertSame(actual: number, expected: number, label: string): void {
  assert.ok(sameFloat(actual, expected), `${label}: ${actual}, numpy ${expected}`);
}

Deno.test("sum() equals np.sum bit for bit around numpy's block sizes (8, 128) and beyond", () => {
  for (const [n, expected] of NUMPY_REDUCTIONS) {
    assertSame(sum(inputs(n)), expected, `sum, n = ${n}`);
  }
});

Deno.test("sum() is pairwise: numpy's sum differs from a running sum on these inputs", () => {
  // So the previous test would catch a running sum (or a different block layout).
  const differing = NUMPY_REDUCTIONS.filter(([, pairwise, running]) => pairwise !== running);
  assert.ok(differing.length >= 15, `${differing.length} sizes differ`);
  assert.equal(sum(new Float64Array(10).fill(0.1)), 1); // a running sum gives 0.9999999999999999
});

Deno.test("mean() and std() equal numpy's bit for bit, std with ddof 0 and 1", () => {
  for (const [n, , , expectedMean, expectedStd, expectedStd1] of NUMPY_REDUCTIONS) {
    const a = inputs(n);
    assertSame(mean(a), expectedMean, `mean, n = ${n}`);
    assertSame(std(a), expectedStd, `std, n = ${n}`);
    assertSame(std(a, { ddof: 1 }), expectedStd1, `std(ddof=1), n = ${n}`);
  }
});

Deno.test("std() equals numpy's where the mean's last bit matters (values near 1e6)", () => {
  // With a running-sum mean, std(offsetInputs(1000)) differs from numpy's in the last bit.
  for (const [n, expectedMean, expectedStd, expectedStd1] of NUMPY_OFFSET_STD) {
    const a = offsetInputs(n);
    assertSame(mean(a), expectedMean, `mean, n = ${n}`);
    assertSame(std(a), expectedStd, `std, n = ${n}`);
    assertSame(std(a, { ddof: 1 }), expectedStd1, `std(ddof=1), n = ${n}`);
  }
});

Deno.test("sum([]) is 0, mean([]) and std([]) are NaN, like numpy", () => {
  const empty = new Float64Array(0);
  assertSame(sum(empty), 0, "sum([])");
  assertSame(mean(empty), NaN, "mean([])");
  assertSame(std(empty), NaN, "std([])");
});

Deno.test("sum() of negative zeros is +0, as numpy adds to an initial 0", () => {
  assertSame(sum(new Float64Array([-0])), 0, "sum([-0])");
  assertSame(sum(new Float64Array(9).fill(-0)), 0, "sum of nine -0");
});

Deno.test("std() with n - ddof <= 0 divides by 0 like numpy: NaN for [1] ddof 1, Infinity below", () => {
  assertSame(std(new Float64Array([1]), { ddof: 1 }), NaN, "std([1], ddof=1)");
  assertSame(std(new Float64Array([2, 4]), { ddof: 3 }), Infinity, "std([2, 4], ddof=3)");
  assert.throws(() => std([1], { ddof: "1" as unknown as number }), {
    name: "TypeError",
    message: 'std: expected ddof to be a number, received the string "1"',
  });
});

Deno.test("sum, mean, std take NaN and infinities as numpy does", () => {
  assertSame(sum([1, NaN, 2]), NaN, "sum with NaN");
  assertSame(sum([Infinity, 1]), Infinity, "sum with Infinity");
  assertSame(sum([Infinity, -Infinity]), NaN, "Infinity - Infinity");
  assertSame(std([1, Infinity]), NaN, "std with Infinity");
});

Deno.test("min, max, argmin, argmax equal numpy's, NaN propagating and first NaN indexed", () => {
  for (const [values, expectedMin, expectedMax, expectedArgmin, expectedArgmax] of NUMPY_MINMAX) {
    const a = new Float64Array(values);
    assertSame(min(a), expectedMin, `min([${values}])`);
    assertSame(max(a), expectedMax, `max([${values}])`);
    assert.equal(argmin(a), expectedArgmin, `argmin([${values}])`);
    assert.equal(argmax(a), expectedArgmax, `argmax([${values}])`);
  }
});

Deno.test("min, max, argmin, argmax of an empty array are RangeErrors with numpy's message", () => {
  const empty = new Float64Array(0);
  assert.throws(() => min(empty), {
    name: "RangeError",
    message: "min: zero-size array to reduction operation minimum which has no identity" +
      " (expected at least one element, received none)",
  });
  assert.throws(() => max(empty), {
    name: "RangeError",
    message: /operation maximum which has no identity/,
  });
  assert.throws(() => argmin(empty), {
    name: "RangeError",
    message: /^argmin: attempt to get argmin of an empty sequence/,
  });
  assert.throws(() => argmax(empty), {
    name: "RangeError",
    message: /argmax of an empty sequence/,
  });
});

Deno.test("reductions accept other typed arrays and plain arrays, read as float64", () => {
  assert.equal(sum(new Int32Array([1, 2, 3])), 6);
  assert.equal(mean([1, 2]), 1.5);
  assert.equal(min(new Uint8Array([3, 1, 2])), 1);
  assert.equal(argmax(new Float32Array([0.5, 2, 1])), 1);
  assert.throws(() => sum(5 as unknown as number[]), {
    name: "TypeError",
    message: "sum: expected a to be an array of numbers, received number 5",
  });
});
