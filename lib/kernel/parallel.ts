/**
 * Runs a compiled kernel across a `Pool`'s workers over shared memory.
 *
 * A pool runs exports of its own `module`, or self-contained functions sent as source; it has no
 * per-call module. So the task sent here is a small self-contained function that imports
 * `_parallel_task.ts` by absolute URL (resolved from this module, so it works when the library
 * is imported by URL) and calls its `runKernelBlock`, which compiles the kernel again in the
 * worker. Each worker loads mathjs (0.4 to 1.5 s, once per worker: a pool that replaces idle
 * workers pays it again) and compiles once; later calls hit the module and kernel caches.
 *
 * @module
 */
import type { Kernel, KernelParams, KernelPool, NumericArray } from "./types.ts";

export type { KernelPool } from "./types.ts";
import type { runKernelBlock } from "./_parallel_task.ts";
import type { KernelSpec } from "./_kernel_function.ts";
import { checkInput, checkOut, describe } from "./_arguments.ts";

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
  /** Values of the kernel's parameters. */
  params?: KernelParams;
}

const TASK_MODULE = new URL("./_parallel_task.ts", import.meta.url).href;

// Sent to the worker as source text, so it must not use anything from this module's scope.
async function importAndRunKernelBlock(
  taskModule: string,
  ...args: Parameters<typeof runKernelBlock>
): Promise<number> {
  const task: { runKernelBlock: typeof runKernelBlock } = await import(taskModule);
  return task.runKernelBlock(...args);
}

/**
 * `kernel(x, out, params)` computed by the pool's workers: `x` is cut into one contiguous block
 * per worker (fewer if `x` is shorter), each worker writes its block of `out` in shared memory.
 * The result is bit-for-bit the single-threaded one, since each element is computed by the same
 * generated code. Resolves to `out`, or to a new shared `Float64Array` when `out` is not given.
 *
 * `x` should be a numeric typed array over a `SharedArrayBuffer`; any other typed array is first
 * copied into a new shared `Float64Array` (one pass over `x`; the values are exact). `out`, if
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
export async function runParallel(
  pool: KernelPool,
  kernel: Kernel,
  x: NumericArray,
  options: ParallelOptions = {},
): Promise<Float64Array> {
  if (typeof (pool as Partial<KernelPool> | null)?.apply !== "function") {
    throw new TypeError(`runParallel(): expected a Pool, received ${describe(pool)}`);
  }
  const spec = specOf(kernel);
  const params = options.params ?? {};
  checkInput(x, "runParallel()");
  // An empty call checks the params with the kernel's own messages before any copy or task.
  kernel(new Float64Array(0), undefined, params);
  const input = x.buffer instanceof SharedArrayBuffer ? x : copyToShared(x);
  const out = options.out === undefined
    ? sharedFloat64(x.length)
    : checkSharedOut(options.out, x.length);
  const blocks = Math.min(pool.processes, x.length);
  const tasks = [];
  for (let k = 0; k < blocks; k++) {
    const start = Math.floor((k * x.length) / blocks);
    const end = Math.floor(((k + 1) * x.length) / blocks);
    const args = [spec, input, out, start, end, params] as const;
    tasks.push(pool.apply(importAndRunKernelBlock, [TASK_MODULE, ...args]));
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
      `runParallel(): expected a kernel made by compile(), received ${describe(kernel)}`,
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

function sharedFloat64(length: number): Float64Array {
  return new Float64Array(new SharedArrayBuffer(length * Float64Array.BYTES_PER_ELEMENT));
}

function copyToShared(x: NumericArray): Float64Array {
  const copy = sharedFloat64(x.length);
  copy.set(x);
  return copy;
}

function checkSharedOut(out: unknown, length: number): Float64Array {
  const checked = checkOut(out, length, "runParallel()")!;
  if (!(checked.buffer instanceof SharedArrayBuffer)) {
    throw new TypeError(
      "runParallel(): expected out to be a Float64Array over a SharedArrayBuffer (workers " +
        "cannot write into private memory), received one over a private ArrayBuffer",
    );
  }
  return checked;
}
