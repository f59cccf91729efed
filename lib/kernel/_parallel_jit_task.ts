/**
 * Worker side of {@linkcode runParallel} for `jit()` kernels: rebuilds the kernel's loop from its
 * element code with `loopSource()` and runs it over ranges of shared memory.
 *
 * The element code (the function's parameters, locals and returned expression, already parsed
 * and checked on the main thread) travels instead of the function's source, so a worker needs
 * no parser: this module's graph reaches neither acorn nor mathjs, and rebuilding a loop is one
 * `new Function`. Loops are cached per code, pattern and reduction, so a worker builds each once.
 *
 * @module
 */
import type { ElementCode } from "./_jit_codegen.ts";
import { type JitReduction, loopSource } from "./_jit_loops.ts";
import type { NumericArray } from "./types.ts";

type Loop = (...args: unknown[]) => Float64Array | number;

const MAX_CACHED = 256;
const loops = new Map<string, Loop>();

function loopFor(code: ElementCode, pattern: string, reduce: JitReduction | null): Loop {
  const key = JSON.stringify([
    code.params,
    code.statements,
    code.value,
    code.zeroOrOne === true,
    pattern,
    reduce,
  ]);
  let loop = loops.get(key);
  if (loop === undefined) {
    const names = [...code.params.map((name) => `a_${name}`), "out", "n"];
    // The body is generated text only, from element code the main thread generated and checked.
    loop = new Function(...names, loopSource(code, pattern, reduce)) as Loop;
    if (loops.size >= MAX_CACHED) loops.delete(loops.keys().next().value!);
    loops.set(key, loop);
  }
  return loop;
}

/** One worker's share of a parallel `jit()` call. */
export interface JitBlockJob {
  /** The kernel's element code, from `elementCode()` on the main thread. */
  readonly code: ElementCode;
  /** One shared typed array (all of one length) or number per parameter. */
  readonly args: readonly (NumericArray | number)[];
  /** `null` to write the elements into `out`; else `"sum"`, `"min"` or `"max"` of each range. */
  readonly reduce: "sum" | "min" | "max" | null;
  /** Flat `[start, count, ...]` pairs: the ranges of elements to compute. */
  readonly ranges: readonly number[];
  /** Where the elements go (elementwise): a shared Float64Array as long as the arrays. */
  readonly out: Float64Array | null;
  /** Where range `j`'s reduction goes, at `partials[slot + j]` (a shared Float64Array). */
  readonly partials: Float64Array | null;
  readonly slot: number;
}

/**
 * Computes `job`'s ranges: their elements into `out`, or their reductions into `partials`, each
 * exactly as the one-thread kernel computes the same range. Returns the number of elements.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const code = { params: ["x", "c"], statements: [], value: "(v_x * v_c)" };
 * const x = new Float64Array([1, 2, 3, 4]);
 * const partials = new Float64Array(2);
 * const ranges = [0, 1, 1, 3];
 * runJitBlock({ code, args: [x, 10], reduce: "sum", ranges, out: null, partials, slot: 0 });
 * assert.deepEqual(partials, new Float64Array([10, 90]));
 * ```
 */
export function runJitBlock(job: JitBlockJob): number {
  const { code, args, reduce, ranges, out, partials, slot } = job;
  const pattern = args.map((arg) => (typeof arg === "number" ? "s" : "a")).join("");
  const loop = loopFor(code, pattern, reduce);
  let done = 0;
  for (let j = 0; 2 * j < ranges.length; j++) {
    const start = ranges[2 * j]!;
    const count = ranges[2 * j + 1]!;
    const views = args.map((arg) =>
      typeof arg === "number" ? arg : arg.subarray(start, start + count)
    );
    if (reduce === null) loop(...views, out!.subarray(start, start + count), count);
    else partials![slot + j] = loop(...views, undefined, count) as number;
    done += count;
  }
  return done;
}
