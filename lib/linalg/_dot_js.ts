/**
 * `dot`'s argument checks and its plain-JS kernels: the fallback where WebAssembly SIMD is
 * unavailable, and the faster choice for tiny operands. Sums run in the same order as in the wasm
 * kernels: vector·vector and matrix·vector give bit-identical results either way, and
 * matrix·matrix matches the plain triple loop exactly (wasm's fused multiply-adds, where relaxed
 * SIMD is available, round once per product instead of twice and may differ in the last bits).
 *
 * @module
 */
import { Matrix } from "../array/matrix.ts";

/** The three products `dot` reduces to, on row-major float64 data. */
export interface DotKernels {
  /** Σ a[i]·b[i] over equal-length vectors. */
  dotv(a: Float64Array, b: Float64Array): number;
  /** y (m) = A (m×k) · x (k). */
  matvec(a: Float64Array, m: number, k: number, x: Float64Array, y: Float64Array): void;
  /** C (m×n) = A (m×k) · B (k×n); vector·matrix is m = 1. */
  matmul(a: Float64Array, b: Float64Array, m: number, k: number, n: number, c: Float64Array): void;
}

/** Σ a[aAt + i]·b[i], i < n, in eight running sums combined as the wasm `dotv` combines its four
 * f64x2 sums (lane by lane, then the two lanes), then the tail. */
function dotFrom(a: Float64Array, aAt: number, b: Float64Array, n: number): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
  const blocked = n - (n % 8);
  let i = 0;
  for (; i < blocked; i += 8) {
    const at = aAt + i;
    s0 += a[at]! * b[i]!;
    s1 += a[at + 1]! * b[i + 1]!;
    s2 += a[at + 2]! * b[i + 2]!;
    s3 += a[at + 3]! * b[i + 3]!;
    s4 += a[at + 4]! * b[i + 4]!;
    s5 += a[at + 5]! * b[i + 5]!;
    s6 += a[at + 6]! * b[i + 6]!;
    s7 += a[at + 7]! * b[i + 7]!;
  }
  let total = ((s0 + s2) + (s4 + s6)) + ((s1 + s3) + (s5 + s7));
  for (; i < n; i++) total += a[aAt + i]! * b[i]!;
  return total;
}

/**
 * The plain-JS kernels.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const c = new Float64Array(1);
 * jsKernels.matmul(new Float64Array([1, 2]), new Float64Array([3, 4]), 1, 2, 1, c);
 * assert.equal(c[0], 11);
 * ```
 */
export const jsKernels: DotKernels = {
  dotv: (a, b) => dotFrom(a, 0, b, a.length),
  matvec(a, m, k, x, y) {
    for (let i = 0; i < m; i++) y[i] = dotFrom(a, i * k, x, k);
  },
  matmul(a, b, m, k, n, c) {
    // i-k-j: the inner loop reads a row of B and updates a row of C, both contiguous, and each
    // C[i, j] still sums over k in ascending order, like the triple loop.
    c.fill(0, 0, m * n);
    for (let i = 0; i < m; i++) {
      const cRow = i * n;
      for (let p = 0; p < k; p++) {
        const aip = a[i * k + p]!;
        const bRow = p * n;
        for (let j = 0; j < n; j++) c[cRow + j]! += aip * b[bRow + j]!;
      }
    }
  },
};

/** numpy's notation: `(2,3)` for a 2×3 matrix, `(4,)` for a vector. */
function shapeOf(x: Float64Array | Matrix): string {
  return x instanceof Matrix ? `(${x.rows},${x.cols})` : `(${x.length},)`;
}

function checkOperand(what: string, x: unknown): asserts x is Float64Array | Matrix {
  if (x instanceof Float64Array || x instanceof Matrix) return;
  const kind = x === null
    ? "null"
    : typeof x === "object"
    ? x.constructor?.name ?? "object"
    : typeof x;
  const hint = typeof x === "object" && x !== null && "shape" in x
    ? " (convert a 2-D NdArray with Matrix.fromNdArray)"
    : "";
  throw new TypeError(
    `dot: expected ${what} to be a Float64Array or a Matrix, received ${kind}${hint}`,
  );
}

function overlaps(x: Float64Array, y: Float64Array): boolean {
  return x.buffer === y.buffer && x.length > 0 && y.length > 0 &&
    x.byteOffset < y.byteOffset + y.byteLength && y.byteOffset < x.byteOffset + x.byteLength;
}

/** `out`'s data after checking it shares no memory with the inputs. */
function separate(out: Float64Array, a: Float64Array, b: Float64Array): Float64Array {
  const input = overlaps(out, a) ? "a" : overlaps(out, b) ? "b" : undefined;
  if (input === undefined) return out;
  throw new RangeError(`dot: out shares memory with ${input}; pass a separate array as out`);
}

function wrongShape(out: unknown, shape: string): never {
  checkOperand("out", out);
  throw new RangeError(`dot: out has shape ${shapeOf(out)}, the result has shape ${shape}`);
}

// Shapes are compared as numbers and only spelled out for an error: these checks run on every
// call, and tiny products take well under a microsecond.
function matrixResult(
  out: unknown,
  rows: number,
  cols: number,
  a: Float64Array,
  b: Float64Array,
): Matrix {
  if (out === undefined) return new Matrix(rows, cols);
  if (!(out instanceof Matrix && out.rows === rows && out.cols === cols)) {
    return wrongShape(out, `(${rows},${cols})`);
  }
  separate(out.data, a, b);
  return out;
}

function vectorResult(
  out: unknown,
  length: number,
  a: Float64Array,
  b: Float64Array,
): Float64Array {
  if (out === undefined) return new Float64Array(length);
  if (!(out instanceof Float64Array && out.length === length)) {
    return wrongShape(out, `(${length},)`);
  }
  return separate(out, a, b);
}

/**
 * `dot` computed with the given kernels, after every check `dot` makes: with
 * {@linkcode jsKernels} it forces the JS fallback (for tests and benchmarks).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(_dotWithKernel(jsKernels, new Float64Array([1, 2]), new Float64Array([3, 4])), 11);
 * ```
 */
export function _dotWithKernel(
  kernels: DotKernels,
  a: Float64Array | Matrix,
  b: Float64Array | Matrix,
  out?: Float64Array | Matrix,
): number | Float64Array | Matrix {
  checkOperand("a", a);
  checkOperand("b", b);
  const inner = a instanceof Matrix ? a.cols : a.length;
  const outer = b instanceof Matrix ? b.rows : b.length;
  if (inner !== outer) {
    throw new RangeError(
      `dot: shapes ${shapeOf(a)} and ${shapeOf(b)} not aligned: ` +
        `${inner} (dim ${a instanceof Matrix ? 1 : 0}) != ${outer} (dim 0)`,
    );
  }
  const aData = a instanceof Matrix ? a.data : a, bData = b instanceof Matrix ? b.data : b;
  if (a instanceof Matrix && b instanceof Matrix) {
    const c = matrixResult(out, a.rows, b.cols, aData, bData);
    kernels.matmul(aData, bData, a.rows, inner, b.cols, c.data);
    return c;
  }
  if (a instanceof Matrix) {
    const y = vectorResult(out, a.rows, aData, bData);
    kernels.matvec(aData, a.rows, inner, bData, y);
    return y;
  }
  if (b instanceof Matrix) {
    const y = vectorResult(out, b.cols, aData, bData);
    kernels.matmul(aData, bData, 1, inner, b.cols, y);
    return y;
  }
  if (out !== undefined) {
    throw new RangeError(`dot: vector·vector gives a number, so out is not accepted`);
  }
  return kernels.dotv(aData, bData);
}
