/**
 * Runs a kernel across a `Pool`'s workers over shared memory: a `compile()` kernel over one
 * array, or a `jit()` kernel over one array or number per parameter, elementwise or reduced.
 *
 * A pool runs exports of its own `module`, or self-contained functions sent as source; it has no
 * per-call module. So the task sent here is a small self-contained function that imports a task
 * module by absolute URL (resolved from this module, so it works when the library is imported by
 * URL) and rebuilds the kernel in the worker from generated code, without parsing anything
 * again: `_parallel_task.ts` for `compile()` kernels, `_parallel_jit_task.ts` for `jit()` ones.
 * A `compile()` kernel's worker still loads mathjs (0.4 to 1.5 s, once per worker: a pool that
 * replaces idle workers pays it again); a `jit()` kernel's worker loads neither mathjs nor the
 * JavaScript parser. Later calls hit the module and loop caches.
 *
 * @module
 */
import type { Kernel, KernelParams, KernelPool, NumericArray } from "./types.ts";

export type { KernelPool } from "./types.ts";
import { importAndCall } from "./_task_import.ts";
import type { KernelSpec } from "./_kernel_function.ts";
import { checkInput, describe } from "./_arguments.ts";
import type { JitArguments, JitKernel, JitReducer, JitScalarFunction } from "./jit.ts";
import { isJitKernel, runJitParallel } from "./_parallel_jit.ts";
import { checkSharedOut, sharedCopy, sharedFloat64 } from "./_shared_arrays.ts";

/**
 * Options of {@linkcode runParallel}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Pool } from "../pool/pool.ts";
 * import { compile } from "./compile.ts";
 * await using pool = new Pool({ processes: 2 });
 * const scale = compile("k * x", { params: ["k"] });
 * const x = new Float64Array(new SharedArrayBuffer(8 * 4));
 * x.set([1, 2, 3, 4]);
 * // In place: out is x itself.
 * const options: ParallelOptions = { out: x, params: { k: 10 } };
 * assert.equal(await runParallel(pool, scale, x, options), x);
 * assert.deepEqual(x, new Float64Array([10, 20, 30, 40]));
 * ```
 */
export interface ParallelOptions {
  /** Where to write: a `Float64Array` over a `SharedArrayBuffer`, as long as `x` (may be `x`). */
  out?: Float64Array;
  /** Values of the kernel's parameters (`compile()` kernels only). */
  params?: KernelParams;
}

/**
 * Options of {@linkcode runParallel} for an elementwise `jit()` kernel, whose numbers are
 * arguments rather than params.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Pool } from "../pool/pool.ts";
 * import { jit } from "./jit.ts";
 * await using pool = new Pool({ processes: 2 });
 * const x = new Float64Array(new SharedArrayBuffer(8 * 4));
 * x.set([1, 2, 3, 4]);
 * const options: JitParallelOptions = { out: x }; // in place
 * assert.equal(await runParallel(pool, jit((x: number, k: number) => k * x), [x, 10], options), x);
 * assert.deepEqual(x, new Float64Array([10, 20, 30, 40]));
 * ```
 */
export interface JitParallelOptions {
  /** Where to write: a `Float64Array` over a `SharedArrayBuffer`, as long as the arrays. */
  out?: Float64Array;
}

const TASK_MODULE = new URL("./_parallel_task.ts", import.meta.url).href;

/**
 * A `jit()` reduction computed by the pool's workers: `args` holds one typed array or number per
 * parameter of the kernel, as it would be called (`[xs, ys]` for `kernel(xs, ys)`). Resolves to
 * the one-thread `kernel(...args)` bit for bit, whatever the number of workers: a sum (or mean)
 * is cut along numpy's pairwise tree, each worker sums whole subtrees, and their sums are added
 * back along the tree; a minimum or maximum combines the blocks' in order, NaN propagating.
 * No elements give what the kernel gives: sum 0, mean NaN, min and max a RangeError.
 *
 * Arrays should be over a SharedArrayBuffer; others are first copied into one (the same type,
 * the same values). Each worker rebuilds the kernel's loop from its element code, parsed and
 * checked here: a worker loads neither the JavaScript parser nor mathjs.
 *
 * @throws {TypeError} If `args` is not an array of one typed array or number per parameter
 * with at least one array, or `options` is given.
 * @throws {RangeError} If the arrays differ in length, or are empty for `min`/`max`.
 * @throws {KernelError} If `kernel` is a forged object whose source is not a kernel.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Pool } from "../pool/pool.ts";
 * import { jit } from "./jit.ts";
 * await using pool = new Pool({ processes: 2 });
 * const inside = jit((x: number, y: number) => x * x + y * y <= 1, { reduce: "mean" });
 * const xs = new Float64Array(new SharedArrayBuffer(8 * 1000));
 * const ys = new Float64Array(new SharedArrayBuffer(8 * 1000));
 * xs.forEach((_, i) => { xs[i] = (i % 100) / 100; ys[i] = Math.floor(i / 10) / 100; });
 * assert.equal(await runParallel(pool, inside, [xs, ys]), inside(xs, ys));
 * ```
 */
export function runParallel<F extends JitScalarFunction>(
  pool: KernelPool,
  kernel: JitReducer<F>,
  args: NoInfer<JitArguments<Parameters<F>>>,
): Promise<number>;
/**
 * A `jit()` kernel computed by the pool's workers: `args` holds one typed array or number per
 * parameter, as the kernel would be called (`[xs, 2]` for `kernel(xs, 2)`; numbers are
 * broadcast). Each worker writes one contiguous block of `out` in shared memory, with the same
 * generated loop, so the result is the one-thread one bit for bit. Resolves to `out`, or to a
 * new shared Float64Array when `out` is not given. `out` may be an input itself; if it overlaps
 * one otherwise, the elements are computed apart first, as the one-thread kernel does.
 *
 * Arrays should be over a SharedArrayBuffer; others are first copied into one (the same type,
 * the same values). Each worker rebuilds the kernel's loop from its element code, parsed and
 * checked here: a worker loads neither the JavaScript parser nor mathjs.
 *
 * @throws {TypeError} If `args` is not an array of one typed array or number per parameter
 * with at least one array, `out` is not a shared Float64Array, or `options` has other keys.
 * @throws {RangeError} If the arrays, or `out`, differ in length.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Pool } from "../pool/pool.ts";
 * import { jit } from "./jit.ts";
 * await using pool = new Pool({ processes: 2 });
 * const hypot = jit((x: number, y: number) => Math.sqrt(x * x + y * y));
 * const xs = new Float64Array(new SharedArrayBuffer(8 * 3));
 * xs.set([3, 5, 8]);
 * const out = await runParallel(pool, hypot, [xs, 4]);
 * assert.deepEqual(out, new Float64Array([5, Math.sqrt(41), Math.sqrt(80)]));
 * ```
 */
export function runParallel<F extends JitScalarFunction>(
  pool: KernelPool,
  kernel: JitKernel<F>,
  args: NoInfer<JitArguments<Parameters<F>>>,
  options?: JitParallelOptions,
): Promise<Float64Array>;
/**
 * `kernel(x, out, params)` computed by the pool's workers: `x` is cut into one contiguous block
 * per worker (fewer if `x` is shorter), each worker writes its block of `out` in shared memory.
 * The result is bit-for-bit the single-threaded one, since each element is computed by the same
 * generated code. Resolves to `out`, or to a new shared `Float64Array` when `out` is not given.
 *
 * `x` should be a numeric typed array over a `SharedArrayBuffer`; any other typed array is first
 * copied into shared memory (one pass over `x`; the same type, so the same values). `out`, if
 * given, must already be shared, since workers cannot write into private memory.
 *
 * @throws {TypeError} If `pool` or `kernel` is not one, `x` is not a numeric typed array, `out`
 * is not a shared `Float64Array`, or `params` do not match the kernel's.
 * @throws {RangeError} If `out` has a different length than `x`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Pool } from "../pool/pool.ts";
 * import { compile } from "./compile.ts";
 * await using pool = new Pool({ processes: 2 });
 * const kernel = compile("x > 0 ? sin(x) : cos(x)");
 * const x = new Float64Array(new SharedArrayBuffer(8 * 1000));
 * x.forEach((_, i) => x[i] = i / 100 - 5);
 * const out = await runParallel(pool, kernel, x);
 * assert.ok(out.buffer instanceof SharedArrayBuffer);
 * assert.deepEqual(out, kernel(x));
 * ```
 */
export function runParallel(
  pool: KernelPool,
  kernel: Kernel,
  x: NumericArray,
  options?: ParallelOptions,
): Promise<Float64Array>;
export async function runParallel(
  pool: KernelPool,
  kernel: unknown,
  x: unknown,
  options?: unknown,
): Promise<Float64Array | number> {
  if (typeof (pool as Partial<KernelPool> | null)?.apply !== "function") {
    throw new TypeError(`runParallel(): expected a Pool, received ${describe(pool)}`);
  }
  // A count of workers below 1 would cut the work into no tasks and leave the result unwritten.
  if (!Number.isSafeInteger(pool.processes) || pool.processes < 1) {
    throw new TypeError(
      "runParallel(): expected a pool whose processes is a positive integer, received " +
        `${typeof pool.processes === "number" ? pool.processes : describe(pool.processes)}`,
    );
  }
  if (isJitKernel(kernel)) return await runJitParallel(pool, kernel, x, options);
  const spec = specOf(kernel as Kernel);
  const params = (options as ParallelOptions | undefined)?.params ?? {};
  const checked = checkInput(x, "runParallel()");
  // An empty call checks the params with the kernel's own messages before any copy or task.
  (kernel as Kernel)(new Float64Array(0), undefined, params);
  const input = sharedCopy(checked);
  const out = (options as ParallelOptions | undefined)?.out === undefined
    ? sharedFloat64(checked.length)
    : checkSharedOut((options as ParallelOptions).out, checked.length, "runParallel()", "x");
  const blocks = Math.min(pool.processes, checked.length);
  const tasks = [];
  for (let k = 0; k < blocks; k++) {
    const start = Math.floor((k * checked.length) / blocks);
    const end = Math.floor(((k + 1) * checked.length) / blocks);
    const args = [spec, input, out, start, end, params] as const;
    tasks.push(pool.apply(importAndCall, [TASK_MODULE, "runKernelBlock", ...args]));
  }
  await Promise.all(tasks);
  return out;
}

function specOf(kernel: Kernel): KernelSpec {
  const candidate = kernel as Partial<Kernel> | null;
  if (
    typeof kernel !== "function" || typeof candidate?.expression !== "string" ||
    typeof candidate.variable !== "string" || !Array.isArray(candidate.params) ||
    typeof candidate.source !== "string"
  ) {
    throw new TypeError(
      `runParallel(): expected a kernel made by compile() or jit(), received ${describe(kernel)}`,
    );
  }
  if ((kernel.variables?.length ?? 1) > 1) {
    throw new TypeError(
      `runParallel(): a compile() kernel of several variables (${kernel.variables.join(", ")}) ` +
        "cannot run over a pool; write it as a jit() function, which can: " +
        "runParallel(pool, jit((x, y) => ...), [xs, ys])",
    );
  }
  // The generated source travels, not the expression: workers then need no parser (mathjs).
  return {
    expression: kernel.expression,
    variable: kernel.variable,
    params: [...kernel.params],
    source: kernel.source,
  };
}
