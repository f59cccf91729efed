/**
 * `sin`, `cos`, `exp` and `log` over arrays through WebAssembly SIMD kernels, two doubles per
 * instruction: built by `_wasm_kernels.ts` from `_wasm_trig.ts` and `_wasm_exp_log.ts`, shipped
 * as bytes in `_wasm_kernels_bytes.ts`. They beat a loop around `Math.*` several times over and
 * stay within 1 ulp of the correctly rounded result. The input goes through the module's memory
 * in chunks small enough to stay in the first-level cache. Lanes a kernel does not cover (NaN,
 * ±Infinity, huge arguments, sin/cos within 2^-16 |x| of a multiple of π/2, results that
 * overflow or are subnormal) come back flagged and are recomputed with `Math.*`, so special
 * values behave exactly as before. Without WebAssembly SIMD, {@linkcode transcendental} returns
 * false and the caller loops over `Math.*`. Private to `lib/array/`.
 *
 * @module
 */
import type { ArrayInput } from "./_broadcast.ts";
import { CHUNK, FLAGS, KERNELS_BASE64 } from "./_wasm_kernels_bytes.ts";

/** The functions with a kernel. */
export type KernelName = "sin" | "cos" | "exp" | "log";

/** Runs of at most this many doubles are copied in a loop rather than by `TypedArray#set`. */
const SHORT = 16;

type Kernel = (start: number, end: number) => number;

interface Kernels {
  heap: Float64Array;
  /** The low 32 bits of each lane's flag: -1 where the kernel left the value to Math.*. */
  flags: Int32Array;
  /** The first CHUNK doubles of heap, a view made once. */
  chunk: Float64Array;
  run: Record<KernelName, Kernel>;
}

let kernels: Kernels | null | undefined;

/** The compiled kernels, built on first use; null where WebAssembly SIMD is unavailable. */
function compiled(): Kernels | null {
  if (kernels !== undefined) return kernels;
  try {
    const text = atob(KERNELS_BASE64), bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes));
    const exports = instance.exports as Record<string, unknown>;
    const memory = exports.memory as WebAssembly.Memory;
    kernels = {
      heap: new Float64Array(memory.buffer, 0, CHUNK + 2),
      chunk: new Float64Array(memory.buffer, 0, CHUNK),
      flags: new Int32Array(memory.buffer, FLAGS, 2 * (CHUNK + 2)),
      run: {
        sin: exports.sin as Kernel,
        cos: exports.cos as Kernel,
        exp: exports.exp as Kernel,
        log: exports.log as Kernel,
      },
    };
  } catch {
    // No WebAssembly, or no SIMD in it: the Math.* loops are right, only slower.
    kernels = null;
  }
  return kernels;
}

/**
 * Whether the WebAssembly SIMD kernels run here (false: `Math.*` loops instead).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(typeof kernelsCompiled(), "boolean");
 * ```
 */
export function kernelsCompiled(): boolean {
  return compiled() !== null;
}

const exact: Record<KernelName, (v: number) => number> = {
  sin: Math.sin,
  cos: Math.cos,
  exp: Math.exp,
  log: Math.log,
};

/** x itself, or a copy when it shares memory with `out` at another offset (numpy reads first). */
function unaliased(x: ArrayInput, out: Float64Array): ArrayInput {
  if (!ArrayBuffer.isView(x) || x.buffer !== out.buffer || x === out) return x;
  const view = x as unknown as Float64Array;
  const start = view.byteOffset, end = start + view.byteLength;
  const outEnd = out.byteOffset + out.byteLength;
  if (start === out.byteOffset && view instanceof Float64Array) return x;
  return end <= out.byteOffset || outEnd <= start ? x : view.slice();
}

/**
 * `out[i] = name(x[i])` for i < n through the kernel, or false without WebAssembly SIMD (the
 * caller then loops over `Math.*`). `out` may be `x`, or overlap it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const out = new Float64Array(2);
 * if (transcendental("exp", [0, 1], out, 2)) assert.deepEqual(out, new Float64Array([1, Math.E]));
 * ```
 */
export function transcendental(
  name: KernelName,
  x: ArrayInput,
  out: Float64Array,
  n: number,
): boolean {
  const k = compiled();
  if (k === null) return false;
  const { heap, chunk, flags } = k, kernel = k.run[name];
  // Typed arrays are read in place; anything else is read into a Float64Array first, so that
  // no getter or valueOf can run (and call these functions again) while a chunk is in the heap.
  const input = ArrayBuffer.isView(x) ? unaliased(x, out) : Float64Array.from(x);
  const typed = input instanceof Float64Array;
  for (let i = 0; i < n; i += CHUNK) {
    const count = Math.min(CHUNK, n - i);
    // A short run is copied element by element: cheaper than making a subarray to copy from.
    if (typed && count > SHORT) heap.set(input.subarray(i, i + count));
    else for (let j = 0; j < count; j++) heap[j] = input[i + j]!;
    // An odd count leaves a lane of the last pair unused: give it a value every kernel covers.
    heap[count] = 1;
    if (kernel(0, (count + 1 >> 1) * 16) !== 0) {
      const f = exact[name];
      for (let j = 0; j < count; j++) {
        if (flags[2 * j] !== 0) heap[j] = f(input[i + j]!);
      }
    }
    if (count > SHORT) out.set(count === CHUNK ? chunk : heap.subarray(0, count), i);
    else for (let j = 0; j < count; j++) out[i + j] = heap[j]!;
  }
  return true;
}
