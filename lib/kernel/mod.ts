/**
 * Fused kernels, the kit's `jax.jit`: `compile()` turns an expression into one loop over a typed
 * array, and `runParallel()` runs it across a pool's workers on shared memory.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { compile } from "./mod.ts";
 * const f = compile("2 * x + 1");
 * assert.deepEqual(f(new Float64Array([0, 1])), new Float64Array([1, 3]));
 * ```
 *
 * @module
 */
export { compile, type CompileOptions } from "./compile.ts";
export { loadCompiler } from "./_mathjs.ts";
export { KernelError } from "./kernel_error.ts";
export { type Kernel, type KernelParams, type KernelPool, type NumericArray } from "./types.ts";
export { type ParallelOptions, runParallel } from "./parallel.ts";
