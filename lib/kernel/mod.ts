/**
 * Fused kernels, the kit's `jax.jit`: `jit()` turns a scalar TypeScript function into one loop
 * over typed arrays (optionally reducing it to a sum, mean, min or max), `grad()` does so for its
 * derivative (symbolic, by mathjs, loaded on first use), `compile()` does the same for an
 * expression string, and `runParallel()` runs a `jit()` kernel or reduction, or a `compile()`
 * kernel, across a pool's workers on shared memory.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { compile, jit } from "./mod.ts";
 * const f = compile("2 * x + 1");
 * assert.deepEqual(f(new Float64Array([0, 1])), new Float64Array([1, 3]));
 * const g = jit((x: number, y: number) => 2 * x + y);
 * assert.deepEqual(g(new Float64Array([0, 1]), 1), new Float64Array([1, 3]));
 * ```
 *
 * @module
 */
export { compile, type CompileOptions } from "./compile.ts";
export { grad, type GradOptions, type JitGradients } from "./grad.ts";
export {
  jit,
  type JitArguments,
  type JitKernel,
  type JitOptions,
  type JitReducer,
  type JitReduction,
  type JitScalarFunction,
} from "./jit.ts";
export { loadCompiler } from "./_mathjs.ts";
export { loadJit } from "./_js_parser.ts";
export { KernelError } from "./kernel_error.ts";
export {
  type Kernel,
  type KernelArguments,
  type KernelParams,
  type KernelPool,
  type NumericArray,
} from "./types.ts";
export { type JitParallelOptions, type ParallelOptions, runParallel } from "./parallel.ts";
