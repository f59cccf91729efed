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
 * - `./random`: numpy's {@linkcode RandomState} ({@linkcode MT19937}), jax's {@linkcode PRNGKey},
 *   `split`, `uniform`.
 * - `./kernel`: {@linkcode compile}, the fused-loop kernel it returns ({@linkcode Kernel}), and
 *   {@linkcode runParallel} over a pool.
 * - `./integrate`: scipy's {@linkcode quad} and {@linkcode quadAsync}.
 * - `./timing`: {@linkcode timeit} and {@linkcode timeitAsync}.
 *
 * The multiprocessing half (`Pool`, `Process`, shared memory, pipes and queues) is `mod.ts`, the
 * package's main export.
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
  matrix,
  type MatrixFactory,
  max,
  mean,
  min,
  multiply,
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
