/**
 * multiproc's numeric face: numpy's, scipy's and jax's habits on typed arrays. Its sections, each
 * also a subpath export of its own:
 * - `./array`: creation ({@linkcode arange}, {@linkcode linspace}, {@linkcode zeros},
 *   {@linkcode ones}, {@linkcode full}), elementwise arithmetic with broadcasting and `out`
 *   ({@linkcode add}, {@linkcode subtract}, {@linkcode multiply}, {@linkcode divide},
 *   {@linkcode pow}), unary functions ({@linkcode negative}, {@linkcode sin}, {@linkcode exp},
 *   …), comparisons, {@linkcode where}, {@linkcode polyval}, {@linkcode allclose}, reductions
 *   ({@linkcode sum}, {@linkcode mean}, {@linkcode std}, …), {@linkcode Matrix}.
 * - `./linalg`: {@linkcode dot}.
 * - `./random`, here the namespace {@linkcode random} (numpy's `np.random`, jax's `jax.random`):
 *   numpy's `new random.RandomState(seed)` (on `random.MT19937`), jax's `random.PRNGKey(seed)`,
 *   `random.split(key)`, `random.uniform(key, shape)`.
 * - `./kernel`: jax's `jax.jit` for a TypeScript function, {@linkcode jit} (one fused loop over
 *   typed arrays, or a fused `sum`/`mean`/`min`/`max` with `reduce`; {@linkcode loadJit} loads its
 *   parser beforehand), jax's `jax.grad` as {@linkcode grad} (the derivative as such a loop),
 *   {@linkcode compile} for an expression string, the fused-loop kernel it returns
 *   ({@linkcode Kernel}), and {@linkcode runParallel} over a pool.
 * - `./integrate`: scipy's {@linkcode quad} and {@linkcode quadAsync}.
 * - `./timing`: {@linkcode timeit} and {@linkcode timeitAsync}.
 *
 * The multiprocessing half (`Pool`, `Process`, shared memory, pipes and queues) is `mod.ts`, the
 * package's main export.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { add, arange, random, sin } from "./numeric.ts";
 * const x = arange(4);
 * assert.deepEqual(add(x, 1), new Float64Array([1, 2, 3, 4]));
 * assert.equal(sin(x)[0], 0);
 * assert.equal(new random.RandomState(0).rand(2).length, 2);
 * ```
 *
 * @module
 */
export {
  abs,
  add,
  allclose,
  type AllcloseOptions,
  arange,
  argmax,
  argmin,
  type ArrayInput,
  cos,
  divide,
  equal,
  exp,
  full,
  greater,
  greaterEqual,
  less,
  lessEqual,
  linspace,
  type LinspaceOptions,
  log,
  Matrix,
  max,
  mean,
  min,
  multiply,
  type NdArray,
  negative,
  notEqual,
  ones,
  type Operand,
  polyval,
  pow,
  sin,
  sqrt,
  std,
  type StdOptions,
  subtract,
  sum,
  tan,
  tanh,
  where,
  zeros,
} from "./lib/array/mod.ts";
export { dot } from "./lib/linalg/mod.ts";
/**
 * Seeded random numbers as numpy and jax make them, under one namespace as in Python:
 * `new random.RandomState(42)` is numpy's `np.random.RandomState(42)` (the Mersenne Twister,
 * `random.MT19937`), and `random.PRNGKey(0)`, `random.split(key)` and
 * `random.uniform(key, shape)` are jax's `jax.random` functions on threefry. Kept out of the top
 * level so that `split` and `uniform` do not stand for numpy's functions of those names. The
 * `./random` subpath export is this namespace's contents under their plain names.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { random } from "./numeric.ts";
 * assert.deepEqual(new random.RandomState(42).rand(3), new random.RandomState(42).rand(3));
 * const [key, subkey] = random.split(random.PRNGKey(0));
 * assert.equal(random.uniform(key!, 3).length, 3);
 * assert.notDeepEqual(random.uniform(key!, 3), random.uniform(subkey!, 3));
 * ```
 */
export * as random from "./lib/random/mod.ts";
export {
  compile,
  type CompileOptions,
  grad,
  type GradOptions,
  jit,
  type JitArguments,
  type JitGradients,
  type JitKernel,
  type JitOptions,
  type JitParallelOptions,
  type JitReducer,
  type JitReduction,
  type JitScalarFunction,
  type Kernel,
  type KernelArguments,
  KernelError,
  type KernelParams,
  type KernelPool,
  loadCompiler,
  loadJit,
  type NumericArray,
  type ParallelOptions,
  runParallel,
} from "./lib/kernel/mod.ts";
export {
  quad,
  quadAsync,
  type QuadBatchFunction,
  type QuadOptions,
  type QuadResult,
} from "./lib/integrate/mod.ts";
export { timeit, timeitAsync, type TimeitOptions, TimeitResult } from "./lib/timing/mod.ts";
