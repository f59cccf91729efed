import assert from "node:assert/strict";
import { Matrix } from "../../lib/array/matrix.ts";
import { _dotWithKernel, jsKernels } from "../../lib/linalg/_dot_js.ts";
import { dot } from "../../lib/linalg/dot.ts";

const nanMatrix = (rows: number, cols: number): Matrix =>
  new Matrix(rows, cols, new Float64Array(rows * cols).fill(Number.NaN));

Deno.test("out receives the product, overwriting what it held, and is returned", () => {
  const a = Matrix.from([[1, 2], [3, 4]]), b = Matrix.from([[5, 6], [7, 8]]);
  const out = nanMatrix(2, 2);
  assert.equal(dot(a, b, out), out);
  assert.deepEqual(out.toArray(), [[19, 22], [43, 50]]);
  const viaJs = nanMatrix(2, 2);
  assert.equal(_dotWithKernel(jsKernels, a, b, viaJs), viaJs);
  assert.deepEqual(viaJs.toArray(), [[19, 22], [43, 50]]);
  // Big enough for the wasm kernels.
  const ones = new Matrix(20, 30, new Float64Array(600).fill(1));
  const big = nanMatrix(20, 20);
  dot(ones, new Matrix(30, 20, new Float64Array(600).fill(0.5)), big);
  assert.ok(big.data.every((x) => x === 15));
  const y = new Float64Array(2).fill(Number.NaN);
  assert.equal(dot(a, new Float64Array([1, 1]), y), y);
  assert.deepEqual(y, new Float64Array([3, 7]));
  assert.equal(dot(new Float64Array([1, 1]), a, y), y);
  assert.deepEqual(y, new Float64Array([4, 6]));
});

Deno.test("out of the wrong shape or kind throws a RangeError naming both shapes", () => {
  const a = new Matrix(2, 3), b = new Matrix(3, 4);
  assert.throws(
    () => dot(a, b, new Matrix(4, 2)),
    (e) =>
      e instanceof RangeError &&
      e.message === "dot: out has shape (4,2), the result has shape (2,4)",
  );
  assert.throws(
    () => dot(a, b, new Float64Array(8) as never),
    /out has shape \(8,\), the result has shape \(2,4\)/,
  );
  assert.throws(
    () => dot(a, new Float64Array(3), new Float64Array(3)),
    /out has shape \(3,\), the result has shape \(2,\)/,
  );
  assert.throws(
    () => dot(a, new Float64Array(3), new Matrix(2, 1) as never),
    /out has shape \(2,1\)/,
  );
  assert.throws(
    () => dot(new Float64Array(2), a, new Float64Array(2)),
    /the result has shape \(3,\)/,
  );
  assert.throws(() => dot(a, b, [0, 0] as never), TypeError);
});

Deno.test("out that shares memory with an input throws a RangeError", () => {
  const a = Matrix.from([[1, 2], [3, 4]]), b = Matrix.from([[5, 6], [7, 8]]);
  assert.throws(() => dot(a, b, a), /out shares memory with a/);
  assert.throws(() => dot(a, b, b), /out shares memory with b/);
  // Views of one buffer: overlapping by one element is refused, adjacent is fine.
  const buffer = new Float64Array(12);
  const x = new Float64Array(buffer.buffer, 0, 4),
    overlapping = new Float64Array(buffer.buffer, 24, 2);
  const m = new Matrix(2, 2, new Float64Array(buffer.buffer, 32, 4));
  m.data.set([1, 0, 0, 1]);
  x.set([1, 2, 3, 4]);
  const vectorOut = new Float64Array(buffer.buffer, 24, 2);
  assert.throws(() => dot(m, x.subarray(0, 2), overlapping), /out shares memory with a/);
  assert.throws(() => dot(x.subarray(2, 4), m, vectorOut), /out shares memory with a/);
  const adjacent = new Float64Array(buffer.buffer, 64, 2);
  assert.deepEqual(dot(m, x.subarray(0, 2), adjacent), new Float64Array([1, 2]));
});

Deno.test("out with vector·vector throws a RangeError, the result being a number", () => {
  const v = new Float64Array([1, 2]);
  assert.throws(() => dot(v, v, new Float64Array(1) as never), /vector·vector gives a number/);
});
