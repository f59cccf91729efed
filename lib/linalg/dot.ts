/**
 * `dot`: numpy's `np.dot` for float64 vectors ({@linkcode Float64Array}) and matrices
 * ({@linkcode Matrix}), on WebAssembly SIMD kernels with a plain-JS fallback.
 *
 * @module
 */
import type { Matrix } from "../array/matrix.ts";
import { _dotWithKernel, type DotKernels, jsKernels } from "./_dot_js.ts";
import { dotModuleBytes } from "./_dot_wasm.ts";

// Below these sizes copying into wasm memory and calling in costs more than the JS loops. Timed
// JS kernel vs wasm with its copies (AMD EPYC Zen 4, Deno 2.9.6): matrix·matrix 3×3·3×3 73 vs
// 75 ns, 4×4·4×4 124 vs 88 ns; matrix·vector 8×16 101 vs 112 ns, 16×16 198 vs 173 ns;
// vector·vector 96: 60 vs 65 ns, 128: 75 vs 70 ns. bench/micro/dot_bench.ts re-checks a few.
/** m·k·n, for matrix·matrix and vector·matrix. */
const MIN_WASM_MATMUL = 64;
/** m·k, for matrix·vector. */
const MIN_WASM_MATVEC = 256;
/** n, for vector·vector. */
const MIN_WASM_DOTV = 128;

/** What the kernel module exports (see `dotModuleBytes`; addresses in bytes). */
interface DotModule {
  memory: WebAssembly.Memory;
  dotv(a: number, b: number, n: number): number;
  matvec(a: number, x: number, y: number, m: number, k: number): void;
  matmul(a: number, b: number, c: number, m: number, k: number, n: number): void;
}

/** The kernel module, with fused multiply-add where relaxed SIMD validates; null where SIMD is
 * missing or compiling is forbidden (a content security policy without 'wasm-unsafe-eval'). */
function instantiate(): DotModule | null {
  if (typeof WebAssembly !== "object") return null;
  for (const fused of [true, false]) {
    const bytes = dotModuleBytes(fused);
    if (!WebAssembly.validate(bytes)) continue;
    try {
      const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes));
      return instance.exports as unknown as DotModule;
    } catch {
      return null;
    }
  }
  return null;
}

/** Instantiated at the first product big enough to use it; null once found unavailable. */
let wasm: DotModule | null | undefined;
/** The wasm memory as doubles; operands are copied here, starting at 64-byte boundaries. */
let heap: Float64Array = new Float64Array(0);
const align = (doubles: number): number => Math.ceil(doubles / 8) * 8;

let resultView: Float64Array = heap;

/** `heap[at, at + length)`, the same view as last time when it still fits: repeated products of
 * one shape allocate nothing here. */
function heapView(at: number, length: number): Float64Array {
  const v = resultView;
  if (v.buffer !== heap.buffer || v.byteOffset !== at * 8 || v.length !== length) {
    resultView = heap.subarray(at, at + length);
  }
  return resultView;
}

/** The kernel module with room for `doubles` float64s, or undefined (then JS runs). */
function wasmWithRoom(doubles: number): DotModule | undefined {
  if (wasm === undefined) wasm = instantiate();
  if (wasm === null) return undefined;
  const have = wasm.memory.buffer.byteLength, need = doubles * 8;
  if (need > have) {
    try {
      wasm.memory.grow(Math.ceil((need - have) / 65536));
    } catch {
      return undefined; // past what a 32-bit wasm memory can hold
    }
  }
  // Growing detaches the old buffer, so the view is only renewed then: no allocation once warm.
  if (heap.buffer !== wasm.memory.buffer) heap = new Float64Array(wasm.memory.buffer);
  return wasm;
}

/** wasm above the size thresholds, JS below them or without WebAssembly SIMD. */
const autoKernels: DotKernels = {
  dotv(a, b) {
    const bAt = align(a.length);
    const w = a.length >= MIN_WASM_DOTV ? wasmWithRoom(bAt + b.length) : undefined;
    if (w === undefined) return jsKernels.dotv(a, b);
    heap.set(a);
    heap.set(b, bAt);
    return w.dotv(0, bAt * 8, a.length);
  },
  matvec(a, m, k, x, y) {
    const xAt = align(a.length), yAt = xAt + align(x.length);
    const w = m * k >= MIN_WASM_MATVEC ? wasmWithRoom(yAt + m) : undefined;
    if (w === undefined) return jsKernels.matvec(a, m, k, x, y);
    heap.set(a);
    heap.set(x, xAt);
    w.matvec(0, xAt * 8, yAt * 8, m, k);
    y.set(heapView(yAt, m));
  },
  matmul(a, b, m, k, n, c) {
    const bAt = align(a.length), cAt = bAt + align(b.length);
    const w = m * k * n >= MIN_WASM_MATMUL ? wasmWithRoom(cAt + m * n) : undefined;
    if (w === undefined) return jsKernels.matmul(a, b, m, k, n, c);
    heap.set(a);
    heap.set(b, bAt);
    w.matmul(0, bAt * 8, cAt * 8, m, k, n);
    c.set(heapView(cAt, m * n));
  },
};

/**
 * The dot product, as numpy's `np.dot` does it for 1-D and 2-D float64 arrays:
 * vector·vector gives a number, matrix·matrix a {@linkcode Matrix}, matrix·vector and
 * vector·matrix a `Float64Array`. The result goes into `out` when given (a Matrix or
 * Float64Array of the result's shape, sharing no memory with `a` or `b`), which is returned.
 *
 * @throws {RangeError} If the inner dimensions differ (the message names both shapes, as numpy's
 * does), or `out` has the wrong shape, overlaps an input, or is given for vector·vector.
 * @throws {TypeError} If an operand is not a Float64Array or a Matrix.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Matrix } from "../array/matrix.ts";
 * assert.equal(dot(new Float64Array([1, 2, 3]), new Float64Array([4, 5, 6])), 32);
 * const a = Matrix.from([[1, 2], [3, 4]]);
 * assert.deepEqual(dot(a, Matrix.from([[5], [6]])).toArray(), [[17], [39]]);
 * assert.deepEqual(dot(a, new Float64Array([1, 1])), new Float64Array([3, 7]));
 * assert.deepEqual(dot(new Float64Array([1, 1]), a), new Float64Array([4, 6]));
 * assert.throws(() => dot(a, new Matrix(3, 1)), /shapes \(2,2\) and \(3,1\) not aligned/);
 * ```
 */
export function dot(a: Float64Array, b: Float64Array): number;
/** Matrix · matrix → Matrix (into `out` when given). */
export function dot(a: Matrix, b: Matrix, out?: Matrix): Matrix;
/** Matrix · vector → Float64Array (into `out` when given). */
export function dot(a: Matrix, b: Float64Array, out?: Float64Array): Float64Array;
/** Vector · matrix → Float64Array (into `out` when given). */
export function dot(a: Float64Array, b: Matrix, out?: Float64Array): Float64Array;
/** Any of the above, decided by the operands' kinds at run time. */
export function dot(
  a: Float64Array | Matrix,
  b: Float64Array | Matrix,
  out?: Float64Array | Matrix,
): number | Float64Array | Matrix;
export function dot(
  a: Float64Array | Matrix,
  b: Float64Array | Matrix,
  out?: Float64Array | Matrix,
): number | Float64Array | Matrix {
  return _dotWithKernel(autoKernels, a, b, out);
}
