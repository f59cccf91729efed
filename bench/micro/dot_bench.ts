/**
 * `deno bench bench/micro/dot_bench.ts`: `dot`'s WebAssembly SIMD kernels against its JS fallback
 * and a plain triple loop, at 100×100 and the small sizes where `lib/linalg/dot.ts` switches from
 * JS to wasm, on RandomState(0) data. numpy's figure: `python3 -m timeit -s "import numpy as np;
 * r=np.random.RandomState(0); a=r.rand(100,100); b=r.rand(100,100)" "a@b"`.
 *
 * @module
 */
import { Matrix } from "../../lib/array/matrix.ts";
import { _dotWithKernel, jsKernels } from "../../lib/linalg/_dot_js.ts";
import { dot } from "../../lib/linalg/dot.ts";
import { RandomState } from "../../lib/random/random_state.ts";

const rs = new RandomState(0);
const randomMatrix = (n: number): Matrix => new Matrix(n, n, rs.rand(n * n));

function tripleLoop(a: Matrix, b: Matrix, c: Matrix): void {
  const [m, k] = a.shape, n = b.cols;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let p = 0; p < k; p++) sum += a.data[i * k + p]! * b.data[p * n + j]!;
      c.data[i * n + j] = sum;
    }
  }
}

// Each case writes into a preallocated `out`, so they differ by kernel alone; "new result" adds
// the result a plain `dot(a, b)` allocates.
for (const n of [100, 4, 3]) {
  const [a, b, out] = [randomMatrix(n), randomMatrix(n), new Matrix(n, n)];
  const group = `matrix·matrix ${n}×${n}`;
  const kernel = n >= 4 ? "wasm SIMD" : "JS below 4×4";
  Deno.bench("triple loop (JS)", { group, baseline: true }, () => tripleLoop(a, b, out));
  Deno.bench(`dot (${kernel})`, { group }, () => void dot(a, b, out));
  Deno.bench(`dot (${kernel}), new result`, { group }, () => void dot(a, b));
  Deno.bench("JS fallback (i-k-j)", { group }, () => void _dotWithKernel(jsKernels, a, b, out));
}

const [m100, x100, y100] = [randomMatrix(100), rs.rand(100), new Float64Array(100)];
const group = "matrix·vector 100×100";
Deno.bench("dot (wasm SIMD)", { group, baseline: true }, () => void dot(m100, x100, y100));
Deno.bench("JS fallback", { group }, () => void _dotWithKernel(jsKernels, m100, x100, y100));

for (const length of [1000, 100]) {
  const [u, v] = [rs.rand(length), rs.rand(length)];
  const group = `vector·vector ${length}`;
  const kernel = length >= 128 ? "wasm SIMD" : "JS below 128";
  Deno.bench(`dot (${kernel})`, { group, baseline: true }, () => void dot(u, v));
  Deno.bench("JS fallback", { group }, () => void _dotWithKernel(jsKernels, u, v));
}
