/**
 * {@linkcode runParallel} for `jit()` kernels: the arguments' checks, the cut of the work into
 * one task per worker, and the combination of the workers' partial results in a fixed order.
 *
 * Elementwise, each worker writes one contiguous block of `out`. A sum (or mean) is cut along
 * numpy's pairwise tree (`_pairwise_tree.ts`): each worker sums whole subtrees, and their sums
 * are added back along the tree, so the result is the one-thread fused sum bit for bit for any
 * number of workers. A minimum or maximum takes each block's, then the first NaN or the extremum
 * of those in block order, as the one-thread loop does.
 *
 * @module
 */
import { describe } from "./_arguments.ts";
import { type ElementCode, elementCode } from "./_jit_codegen.ts";
import { type JitReduction, REDUCTIONS } from "./_jit_loops.ts";
import { parseFunctionSource } from "./_js_parser.ts";
import { combineSubtreeSums, pairwiseSubtrees } from "./_pairwise_tree.ts";
import type { JitBlockJob } from "./_parallel_jit_task.ts";
import { importAndCall } from "./_task_import.ts";
import { checkJitArguments, checkJitOptions, overlapsShifted } from "./_parallel_jit_checks.ts";
import { sharedCopy, sharedFloat64 } from "./_shared_arrays.ts";
import type { KernelPool, NumericArray } from "./types.ts";

/** What runParallel() reads of a `jit()` kernel. */
export interface JitKernelLike {
  readonly source: string;
  readonly params: readonly string[];
  readonly reduce: JitReduction | null;
}

const CALLER = "runParallel()";
const TASK_MODULE = new URL("./_parallel_jit_task.ts", import.meta.url).href;
/** Subtrees per worker for a sum: several, so that workers get nearly equal shares. */
const SUBTREES_PER_WORKER = 4;

/**
 * Whether `kernel` looks like a `jit()` kernel (rather than a `compile()` one).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { jit } from "./jit.ts";
 * assert.equal(isJitKernel(jit((x: number) => x + 1)), true);
 * assert.equal(isJitKernel((x: number) => x + 1), false);
 * ```
 */
export function isJitKernel(kernel: unknown): kernel is JitKernelLike {
  return typeof kernel === "function" && "reduce" in kernel && !("expression" in kernel);
}

// The element code, generated again from the kernel's source on the main thread (where jit()
// loaded the parser), checked against what the kernel says of itself, and kept per kernel.
const codes = new WeakMap<JitKernelLike, ElementCode>();

function codeOf(kernel: JitKernelLike): ElementCode {
  let code = codes.get(kernel);
  if (code !== undefined) return code;
  const { source, params, reduce } = kernel;
  if (typeof source !== "string" || (reduce !== null && !REDUCTIONS.includes(reduce))) {
    throw new TypeError(
      `${CALLER}: expected a kernel made by jit() or compile(), received a function with ` +
        `source ${describe(source)} and reduce ${JSON.stringify(reduce) ?? describe(reduce)}`,
    );
  }
  code = elementCode(source, parseFunctionSource(source));
  if (!Array.isArray(params) || params.join() !== code.params.join()) {
    throw new TypeError(
      `${CALLER}: expected a kernel made by jit(), received one whose params ` +
        `(${String(params)}) are not its source's (${code.params.join(", ")})`,
    );
  }
  codes.set(kernel, code);
  return code;
}

/**
 * `kernel(...args)` computed by the pool's workers over shared memory: the elements in `out` (or
 * a new shared Float64Array), or the reduction as a number; see `runParallel()`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Pool } from "../pool/pool.ts";
 * import { jit } from "./jit.ts";
 * await using pool = new Pool({ processes: 2 });
 * const total = jit((x: number, y: number) => x * y, { reduce: "sum" });
 * const xs = Float64Array.from({ length: 1000 }, (_, i) => i / 7);
 * assert.equal(await runJitParallel(pool, total, [xs, 3], undefined), total(xs, 3));
 * ```
 */
export async function runJitParallel(
  pool: KernelPool,
  kernel: JitKernelLike,
  args: unknown,
  options: unknown,
): Promise<Float64Array | number> {
  const code = codeOf(kernel);
  const reduce = kernel.reduce;
  const { values, n } = checkJitArguments(args, code.params, reduce, CALLER);
  const out = checkJitOptions(options, reduce, n, CALLER);
  if (n === 0 && reduce === null) return out ?? sharedFloat64(0);
  const copies = new Map<NumericArray, NumericArray>();
  const inputs = values.map((value) =>
    typeof value === "number" ? value : sharedCopy(value, copies)
  );
  const job = { code, args: inputs, out: null, partials: null, slot: 0 };
  const run = (jobs: JitBlockJob[]): Promise<number[]> =>
    Promise.all(
      jobs.map((one) =>
        pool.apply(importAndCall, [TASK_MODULE, "runJitBlock", one]) as Promise<number>
      ),
    );
  if (reduce === "sum" || reduce === "mean") {
    const depth = pool.processes === 1
      ? 0
      : Math.ceil(Math.log2(SUBTREES_PER_WORKER * pool.processes));
    const ranges = pairwiseSubtrees(n, depth);
    const partials = sharedFloat64(ranges.length / 2);
    // No elements: no task; the sum of none is 0, and the mean 0 / 0, as computed here.
    const shares = n === 0 ? [] : split(ranges.length / 2, pool.processes);
    await run(shares.map(([first, last]) => ({
      ...job,
      reduce: "sum",
      ranges: ranges.slice(2 * first, 2 * last),
      partials,
      slot: first,
    })));
    // numpy adds the pairwise sum to the reduction's initial 0, as the one-thread loop does.
    const total = 0 + combineSubtreeSums(n, depth, partials);
    return reduce === "sum" ? total : total / n;
  }
  const blocks = split(n, pool.processes);
  if (reduce === "min" || reduce === "max") {
    const partials = sharedFloat64(blocks.length);
    await run(blocks.map(([start, end], k) => ({
      ...job,
      reduce,
      ranges: [start, end - start],
      partials,
      slot: k,
    })));
    return extremum(reduce, partials);
  }
  const target = out ?? sharedFloat64(n);
  // Workers writing out while others still read an input it overlaps elsewhere than element for
  // element would read overwritten values: compute apart then, as the one-thread kernel does.
  const shifted = inputs.some((input) => overlapsShifted(target, input));
  const into = shifted ? sharedFloat64(n) : target;
  await run(blocks.map(([start, end]) => ({
    ...job,
    reduce: null,
    ranges: [start, end - start],
    out: into,
  })));
  if (shifted) target.set(into);
  return target;
}

/** `0 .. count` cut into at most `parts` contiguous `[first, last)` shares of nearly equal size. */
function split(count: number, parts: number): [number, number][] {
  const shares = Math.min(parts, count);
  return Array.from({ length: shares }, (_, k) => [
    Math.floor((k * count) / shares),
    Math.floor(((k + 1) * count) / shares),
  ]);
}

/** As the one-thread loop over the blocks' results in order: the first NaN, else the extremum. */
function extremum(reduce: "min" | "max", partials: Float64Array): number {
  let m = reduce === "min" ? Infinity : -Infinity;
  for (const v of partials) {
    if (reduce === "min" ? v < m : v > m) m = v;
    else if (v !== v) return v;
  }
  return m;
}
