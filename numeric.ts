/**
 * multiproc's numeric face: numpy's, scipy's and jax's habits on typed arrays. Its sections, each
 * also a subpath export of its own:
 * - `./array`: creation (`arange`, `linspace`, `zeros`, …), elementwise arithmetic with
 *   broadcasting and `out`, unary functions, comparisons, `where`, `polyval`, `allclose`,
 *   reductions, `Matrix`.
 * - `./linalg`: `dot`.
 * - `./random`: numpy's `RandomState` (`MT19937`), jax's `PRNGKey`, `split`, `uniform`.
 * - `./kernel`: `compile()`, the fused-loop `jit`, and `runParallel()` over a pool.
 * - `./integrate`: scipy's `quad` and `quadAsync`.
 * - `./timing`: `timeit`.
 *
 * The multiprocessing half (`Pool`, `Process`, shared memory, pipes and queues) is `mod.ts`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { add, arange, sin } from "./numeric.ts";
 * const x = arange(4);
 * assert.deepEqual(add(x, 1), new Float64Array([1, 2, 3, 4]));
 * assert.equal(sin(x)[0], 0);
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
  div,
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
  matrix,
  type MatrixFactory,
  max,
  mean,
  min,
  mul,
  neg,
  notEqual,
  ones,
  type Operand,
  polyval,
  pow,
  sin,
  sqrt,
  std,
  type StdOptions,
  sub,
  sum,
  tan,
  tanh,
  where,
  zeros,
} from "./lib/array/mod.ts";
export { dot } from "./lib/linalg/mod.ts";
export {
  type IntArray,
  MT19937,
  type NdArray,
  PRNGKey,
  RandomState,
  split,
  threefry2x32,
  threefryBlock,
  uniform,
  uniformBlock,
} from "./lib/random/mod.ts";
export {
  compile,
  type CompileOptions,
  type Kernel,
  KernelError,
  type KernelParams,
  type KernelPool,
  loadCompiler,
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
