/**
 * Worker side of {@linkcode runParallel}: rebuilds the kernel from its generated source
 * (functions cannot travel to a worker, and rebuilding from source needs no mathjs) and runs it
 * over one block of shared memory. Kernels are cached per source, so a worker builds each once.
 *
 * @module
 */
import { kernelFromSource, type KernelSpec } from "./_kernel_function.ts";
import type { Kernel, KernelParams, NumericArray } from "./types.ts";

const MAX_CACHED = 256;
const kernels = new Map<string, Kernel>();

function kernelFor(spec: KernelSpec): Kernel {
  const key = JSON.stringify([spec.source, spec.params]);
  let kernel = kernels.get(key);
  if (kernel === undefined) {
    kernel = kernelFromSource(spec);
    if (kernels.size >= MAX_CACHED) kernels.delete(kernels.keys().next().value!);
    kernels.set(key, kernel);
  }
  return kernel;
}

/**
 * Writes `kernel(x)[start:end]` into `out[start:end]`, with the kernel rebuilt from `spec`;
 * returns the number of elements written.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { compile } from "./compile.ts";
 * const { expression, variable, params, source } = compile("x * k", { params: ["k"] });
 * const x = new Float64Array([1, 2, 3, 4]);
 * const out = new Float64Array(4);
 * const spec = { expression, variable, params, source };
 * assert.equal(runKernelBlock(spec, x, out, 1, 3, { k: 10 }), 2);
 * assert.deepEqual(out, new Float64Array([0, 20, 30, 0]));
 * ```
 */
export function runKernelBlock(
  spec: KernelSpec,
  x: NumericArray,
  out: Float64Array,
  start: number,
  end: number,
  params: KernelParams,
): number {
  kernelFor(spec)(x.subarray(start, end), out.subarray(start, end), params);
  return end - start;
}
