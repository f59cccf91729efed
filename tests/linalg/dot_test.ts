import assert from "node:assert/strict";
import { Matrix } from "../../lib/array/matrix.ts";
import { dot } from "../../lib/linalg/dot.ts";
import { RandomState } from "../../lib/random/random_state.ts";

/** The straightforward loops the kernels must agree with. */
function naiveDot(
  a: Float64Array | Matrix,
  b: Float64Array | Matrix,
): number | Float64Array | Matrix {
  const [m, k] = a instanceof Matrix ? a.shape : [1, a.length];
  const n = b instanceof Matrix ? b.cols : 1;
  const [x, y] = [a instanceof Matrix ? a.data : a, b instanceof Matrix ? b.data : b];
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let p = 0; p < k; p++) sum += x[i * k + p]! * y[p * n + j]!;
      c[i * n + j] = sum;
    }
  }
  if (a instanceof Matrix && b instanceof Matrix) return new Matrix(m, n, c);
  return a instanceof Matrix || b instanceof Matrix ? c : c[0]!;
}

/** Element by element within 1e-12 of `expected`, relative. */
function assertClose(
  actual: number | ArrayLike<number> | Matrix,
  expected: number | ArrayLike<number> | Matrix,
  what = "",
): void {
  const flat = (x: number | ArrayLike<number> | Matrix) =>
    typeof x === "number" ? [x] : Array.from(x instanceof Matrix ? x.data : x);
  const [got, want] = [flat(actual), flat(expected)];
  assert.equal(got.length, want.length, `${what}: length`);
  want.forEach((w, i) => {
    const error = Math.abs(got[i]! - w);
    assert.ok(error <= 1e-12 * Math.abs(w), `${what}: element ${i} is ${got[i]}, expected ${w}`);
  });
}

const randomMatrix = (rs: RandomState, rows: number, cols: number): Matrix =>
  new Matrix(rows, cols, rs.rand(rows * cols));

// dot.ts sends m·k·n ≥ 64, m·k ≥ 256 and vectors of ≥ 128 to wasm, so most shapes below run
// there; tests/linalg/dot_kernels_test.ts covers the JS fallback and the tiny shapes in wasm.

Deno.test("vector·vector is a number equal to the plain sum of products", () => {
  const rs = new RandomState(1);
  for (const n of [0, 1, 7, 127, 128, 1001]) {
    const a = rs.rand(n), b = rs.rand(n);
    const result = dot(a, b);
    assert.equal(typeof result, "number");
    assertClose(result, naiveDot(a, b) as number, `n = ${n}`);
  }
  assert.equal(dot(new Float64Array([1, 2, 3]), new Float64Array([4, 5, 6])), 32);
});

Deno.test("matrix·matrix matches the triple loop for square, non-square, odd and 1×1 shapes", () => {
  const rs = new RandomState(2);
  const shapes = [[1, 1, 1], [7, 13, 5], [37, 41, 47], [100, 100, 100], [64, 1, 64], [1, 100, 1]];
  shapes.push([5, 300, 9], [130, 70, 45], [2, 2, 2], [3, 3, 3], [4, 4, 4]);
  for (const [m, k, n] of shapes) {
    const a = randomMatrix(rs, m!, k!), b = randomMatrix(rs, k!, n!);
    const c = dot(a, b);
    assert.ok(c instanceof Matrix);
    assert.deepEqual(c.shape, [m, n]);
    assertClose(c, naiveDot(a, b), `${m}×${k}·${k}×${n}`);
  }
});

Deno.test("0-sized matrix products have the right shape, and k = 0 gives zeros", () => {
  assert.deepEqual(dot(new Matrix(0, 3), new Matrix(3, 2)).shape, [0, 2]);
  assert.deepEqual(dot(new Matrix(2, 3), new Matrix(3, 0)).shape, [2, 0]);
  const zeros = dot(new Matrix(20, 0), new Matrix(0, 30));
  assert.deepEqual(zeros.shape, [20, 30]);
  assert.ok(zeros.data.every((x) => x === 0));
  const out = new Matrix(20, 30, new Float64Array(600).fill(Number.NaN));
  assert.ok(dot(new Matrix(20, 0), new Matrix(0, 30), out).data.every((x) => x === 0));
  assert.equal(dot(new Float64Array(0), new Float64Array(0)), 0);
  assert.deepEqual(dot(new Matrix(0, 4), new Float64Array(4)), new Float64Array(0));
});

Deno.test("matrix·vector and vector·matrix match loops and return Float64Arrays", () => {
  const rs = new RandomState(3);
  for (const [m, k] of [[1, 1], [3, 5], [50, 40], [7, 300], [300, 7]]) {
    const a = randomMatrix(rs, m!, k!), x = rs.rand(k!), y = rs.rand(m!);
    const ax = dot(a, x), ya = dot(y, a);
    assert.ok(ax instanceof Float64Array && ya instanceof Float64Array);
    assert.equal(ax.length, m);
    assert.equal(ya.length, k);
    assertClose(ax, naiveDot(a, x), `${m}×${k}·(${k},)`);
    assertClose(ya, naiveDot(y, a), `(${m},)·${m}×${k}`);
  }
});

Deno.test("small products agree with numpy's np.dot (golden values)", () => {
  // Printed by tests/linalg/golden/dot_golden.py (numpy 2.4.6, OpenBLAS 0.3.31) from the same
  // RandomState(0) draws in the same order. 5×7·7×3, the 16×16 matrix·vector and the
  // 200-vector run in wasm; the others in JS.
  const rs = new RandomState(0);
  const [a, b] = [randomMatrix(rs, 5, 7), randomMatrix(rs, 7, 3)];
  const [v, w, m, x, u] = [
    rs.rand(7),
    rs.rand(5),
    randomMatrix(rs, 16, 16),
    rs.rand(16),
    rs.rand(200),
  ];
  assertClose(
    dot(a, b).toArray().flat(),
    [
      [2.108222603963931, 2.1178075254088724, 1.6096932035377594],
      [2.6422556103195127, 2.610666109045989, 1.9893802545849961],
      [1.3863676952353747, 1.5068307472160425, 1.552316279851147],
      [1.6097273902610738, 1.8896919277127269, 1.2576410726812188],
      [1.730347343816638, 1.7030622236394057, 1.380601473729719],
    ].flat(),
  );
  assertClose(dot(a, v), [
    1.379684895282388,
    1.9531054937007122,
    1.1434321593511765,
    1.7692691990220457,
    0.9060488384368158,
  ]);
  assertClose(dot(w, a), [
    0.9841122035803255,
    0.7395284801630244,
    0.8326223505376065,
    0.7102222207082045,
    1.0191028690851567,
    0.6946022140795267,
    1.3806555796348596,
  ]);
  assertClose(dot(m, x), [
    2.814944245738862,
    3.315374494145499,
    4.882349809552773,
    4.1133759491304644,
    3.9633307512122027,
    4.1444122679614575,
    2.9894190646165253,
    3.648722427847508,
    3.125997210958845,
    4.1783800263332616,
    3.0575535373585865,
    4.2554556716301235,
    4.395391518018776,
    4.059666695825832,
    3.2951201118991387,
    3.0777692984473566,
  ]);
  assertClose(dot(v, v), 1.2361192579356919);
  assertClose(dot(u, u), 66.28331842213748);
});

Deno.test("mismatched shapes throw a RangeError naming both shapes, as numpy does", () => {
  const cases: [Float64Array | Matrix, Float64Array | Matrix, string][] = [
    [
      new Matrix(2, 3),
      new Matrix(4, 2),
      "shapes (2,3) and (4,2) not aligned: 3 (dim 1) != 4 (dim 0)",
    ],
    [
      new Float64Array(3),
      new Float64Array(4),
      "shapes (3,) and (4,) not aligned: 3 (dim 0) != 4 (dim 0)",
    ],
    [
      new Matrix(2, 3),
      new Float64Array(4),
      "shapes (2,3) and (4,) not aligned: 3 (dim 1) != 4 (dim 0)",
    ],
    [
      new Float64Array(3),
      new Matrix(4, 2),
      "shapes (3,) and (4,2) not aligned: 3 (dim 0) != 4 (dim 0)",
    ],
  ];
  for (const [a, b, message] of cases) {
    assert.throws(
      () => dot(a, b),
      (e) => e instanceof RangeError && e.message === `dot: ${message}`,
    );
  }
});

Deno.test("operands that are neither Float64Array nor Matrix throw a TypeError", () => {
  const ndarray = new RandomState(0).rand([2, 2]);
  assert.throws(() => dot(ndarray as never, new Matrix(2, 2)), /Matrix\.fromNdArray/);
  assert.throws(() => dot([1, 2] as never, new Float64Array(2)), TypeError);
  assert.throws(() => dot(new Float32Array(2) as never, new Float64Array(2)), /Float32Array/);
});
