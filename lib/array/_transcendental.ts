/**
 * `sin`, `cos`, `exp` and `log` over arrays through WebAssembly SIMD kernels, two doubles per
 * instruction: built by `_wasm_kernels.ts` from `_wasm_trig.ts` and `_wasm_exp_log.ts`, shipped
 * as bytes in `_wasm_kernels_bytes.ts`. They beat a loop around `Math.*` several times over and
 * stay within 1 ulp of the correctly rounded result. The input goes through the module's memory
 * in chunks small enough to stay in the first-level cache. Lanes a kernel does not cover (NaN,
 * ±Infinity, huge arguments, sin/cos within 2^-16 |x| of a multiple of π/2, results that
 * overflow or are subnormal) come back flagged and are recomputed with `Math.*`, so special
 * values behave exactly as before. Where relaxed SIMD is, exp and log use its multiply-add, one
 * rounding on a machine with FMA and two without: their last bit may then differ between
 * machines (never by more than the 1 ulp both stay within). Without WebAssembly SIMD,
 * {@linkcode transcendental} returns false and the caller loops over `Math.*`. Private to
 * `lib/array/`.
 *
 * @module
 */
import type { ArrayInput } from "./_broadcast.ts";
import { expCovers, logCovers } from "./_wasm_ranges.ts";
import {
  CHUNK,
  FLAGS,
  FUSED_KERNELS_BASE64,
  KERNELS_BASE64,
  TABLES,
  TABLES_BASE64,
} from "./_wasm_kernels_bytes.ts";

/** The functions with a kernel. */
export type KernelName = "sin" | "cos" | "exp" | "log";

/** The module built with relaxed SIMD's multiply-add (`fused`) or without (`plain`). */
export type KernelVariant = "fused" | "plain";

/** Runs of at most this many doubles are copied in a loop rather than by `TypedArray#set`. */
const SHORT = 16;

type Kernel = (start: number, end: number) => number;

interface Kernels {
  variant: KernelVariant;
  heap: Float64Array;
  /** The low 32 bits of each lane's flag (sin, cos): -1 where the kernel left it to Math.*. */
  flags: Int32Array;
  /** The first CHUNK doubles of heap, a view made once. */
  chunk: Float64Array;
  run: Record<KernelName, Kernel>;
}

let kernels: Kernels | null | undefined;

const decode = (base64: string): Uint8Array<ArrayBuffer> => {
  const text = atob(base64), bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
};

/** The kernels of one variant, or null where this WebAssembly cannot compile it. */
function instantiate(variant: KernelVariant): Kernels | null {
  try {
    const bytes = decode(variant === "fused" ? FUSED_KERNELS_BASE64 : KERNELS_BASE64);
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes));
    const exports = instance.exports as Record<string, unknown>;
    const memory = exports.memory as WebAssembly.Memory;
    new Uint8Array(memory.buffer).set(decode(TABLES_BASE64), TABLES);
    return {
      variant,
      heap: new Float64Array(memory.buffer, 0, CHUNK + 4),
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
    // No WebAssembly, no SIMD in it, or (fused) no relaxed SIMD: the next choice is right,
    // only slower.
    return null;
  }
}

/** The compiled kernels, built on first use: fused where relaxed SIMD is, else plain, else null. */
function compiled(): Kernels | null {
  if (kernels === undefined) kernels = instantiate("fused") ?? instantiate("plain");
  return kernels;
}

/**
 * Which kernels run from now on: `variant`, if this WebAssembly compiles it (returns whether it
 * did; otherwise nothing changes). For tests, which check both variants' results.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(useKernels("plain"), kernelsCompiled());
 * ```
 */
export function useKernels(variant: KernelVariant): boolean {
  const chosen = instantiate(variant);
  if (chosen !== null) kernels = chosen;
  return chosen !== null;
}

/**
 * The variants this WebAssembly compiles, without changing which one runs.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(compilableVariants().length > 0, kernelsCompiled());
 * ```
 */
export function compilableVariants(): KernelVariant[] {
  return (["fused", "plain"] as const).filter((variant) => instantiate(variant) !== null);
}

/**
 * The variant running here, or null where no WebAssembly SIMD is (`Math.*` loops instead).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.ok([null, "fused", "plain"].includes(kernelVariant()));
 * ```
 */
export function kernelVariant(): KernelVariant | null {
  return compiled()?.variant ?? null;
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
  // exp and log name their flagged lanes by a test of the argument, sin and cos in flags.
  const covers = name === "exp" ? expCovers : name === "log" ? logCovers : null;
  const width = covers === null ? 2 : 4;
  for (let i = 0; i < n; i += CHUNK) {
    const count = Math.min(CHUNK, n - i);
    // A short run is copied element by element: cheaper than making a subarray to copy from.
    if (typed && count > SHORT) heap.set(input.subarray(i, i + count));
    else for (let j = 0; j < count; j++) heap[j] = input[i + j]!;
    // Lanes past count in the last pair (sin, cos) or four (exp, log) get a value every kernel
    // covers.
    heap[count] = heap[count + 1] = heap[count + 2] = 1;
    if (kernel(0, (count + width - 1 & -width) * 8) !== 0) {
      const f = exact[name];
      if (covers === null) {
        for (let j = 0; j < count; j++) if (flags[2 * j] !== 0) heap[j] = f(input[i + j]!);
      } else {
        for (let j = 0; j < count; j++) if (!covers(input[i + j]!)) heap[j] = f(input[i + j]!);
      }
    }
    if (count > SHORT) out.set(count === CHUNK ? chunk : heap.subarray(0, count), i);
    else for (let j = 0; j < count; j++) out[i + j] = heap[j]!;
  }
  return true;
}
