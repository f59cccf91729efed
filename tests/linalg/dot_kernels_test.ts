import assert from "node:assert/strict";
import { Matrix } from "../../lib/array/matrix.ts";
import { _dotWithKernel, jsKernels } from "../../lib/linalg/_dot_js.ts";
import { dotModuleBytes } from "../../lib/linalg/_dot_wasm.ts";
import { dot } from "../../lib/linalg/dot.ts";
import { RandomState } from "../../lib/random/random_state.ts";

/** C (m×n) = A (m×k) · B (k×n) by the plain triple loop. */
function tripleLoop(a: Float64Array, b: Float64Array, m: number, k: number, n: number) {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let p = 0; p < k; p++) sum += a[i * k + p]! * b[p * n + j]!;
      c[i * n + j] = sum;
    }
  }
  return c;
}

function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string) {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    const [got, want] = [actual[i]!, expected[i]!];
    assert.ok(Math.abs(got - want) <= 1e-12 * Math.abs(want), `${what}[${i}]: ${got} != ${want}`);
  }
}

const randomMatrix = (rs: RandomState, rows: number, cols: number): Matrix =>
  new Matrix(rows, cols, rs.rand(rows * cols));

Deno.test("the forced JS fallback gives the same results as the default (wasm) path", () => {
  const rs = new RandomState(4);
  for (const [m, k, n] of [[100, 100, 100], [37, 41, 47], [7, 13, 5], [1, 1, 1], [0, 5, 3]]) {
    const a = randomMatrix(rs, m!, k!), b = randomMatrix(rs, k!, n!);
    const viaJs = _dotWithKernel(jsKernels, a, b) as Matrix;
    assert.deepEqual(viaJs.data, tripleLoop(a.data, b.data, m!, k!, n!), "JS sums like the loop");
    assertClose(dot(a, b).data, viaJs.data, `${m}×${k}·${k}×${n}`);
  }
  // Vector sums run in the same order in both kernels (and without fused multiply-adds).
  const a = randomMatrix(rs, 60, 90), x = rs.rand(90), y = rs.rand(60);
  assert.deepEqual(dot(a, x), _dotWithKernel(jsKernels, a, x));
  assertClose(dot(y, a), _dotWithKernel(jsKernels, y, a) as Float64Array, "vector·matrix");
  for (const length of [0, 5, 200, 1001]) {
    const [u, v] = [rs.rand(length), rs.rand(length)];
    assert.equal(dot(u, v), _dotWithKernel(jsKernels, u, v), `length ${length}`);
  }
});

Deno.test("both kernel modules (with and without relaxed SIMD) match the triple loop", () => {
  const rs = new RandomState(5);
  for (const fused of [true, false]) {
    const bytes = dotModuleBytes(fused);
    assert.ok(WebAssembly.validate(bytes), `Deno's V8 has SIMD${fused ? " and relaxed SIMD" : ""}`);
    const wasm = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as {
      memory: WebAssembly.Memory;
      dotv(a: number, b: number, n: number): number;
      matvec(a: number, x: number, y: number, m: number, k: number): void;
      matmul(a: number, b: number, c: number, m: number, k: number, n: number): void;
    };
    wasm.memory.grow(4);
    const heap = new Float64Array(wasm.memory.buffer);
    // Every remainder: rows mod 3, columns mod 6 (and the odd one), k mod 4.
    for (
      const [m, k, n] of [[1, 1, 1], [2, 3, 1], [7, 13, 5], [3, 1, 7], [4, 9, 2], [6, 6, 6], [
        5,
        2,
        11,
      ]]
    ) {
      const a = rs.rand(m! * k!), b = rs.rand(k! * n!);
      heap.fill(Number.NaN).set(a);
      heap.set(b, 1000);
      wasm.matmul(0, 8000, 16000, m!, k!, n!);
      const what = `${fused ? "fused" : "plain"} ${m}×${k}·${k}×${n}`;
      assertClose(heap.subarray(2000, 2000 + m! * n!), tripleLoop(a, b, m!, k!, n!), what);
      assert.ok(Number.isNaN(heap[2000 + m! * n!]!), `${what} writes nothing past C`);
    }
    for (let n = 0; n <= 17; n++) {
      const a = rs.rand(n), b = rs.rand(n);
      heap.set(a);
      heap.set(b, 1000);
      assert.equal(wasm.dotv(0, 8000, n), jsKernels.dotv(a, b), `dotv n = ${n}`);
      wasm.matvec(8000, 0, 16000, 1, n);
      assert.equal(heap[2000], jsKernels.dotv(a, b), `matvec 1×${n}`);
    }
  }
});

Deno.test("results are copies, not views of wasm memory, and survive its growth", () => {
  const rs = new RandomState(6);
  const [a, b] = [randomMatrix(rs, 100, 100), randomMatrix(rs, 100, 100)];
  const first = dot(a, b);
  const kept = first.data.slice();
  const [big1, big2] = [randomMatrix(rs, 400, 300), randomMatrix(rs, 300, 350)];
  const big = dot(big1, big2); // 3 MB of operands: the memory grows past the first call's
  assert.deepEqual(first.data, kept);
  assert.notEqual(first.data.buffer, big.data.buffer);
  assertClose(big.data.subarray(0, 350), tripleLoop(big1.data, big2.data, 1, 300, 350), "row 0");
  assertClose(dot(a, b).data, kept, "again after growth");
});
