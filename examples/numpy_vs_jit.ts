/**
 * Notebook 000, question 6: how much faster is `jax.jit` than numpy for
 * `f(x) = -4*x*x*x + 9*x*x + 6*x - 3` over `x = arange(0, 1000000)`?
 *
 * The notebook's answer, on its machine: numpy `7.14 ms ± 683 µs` per call, `jax.jit(f)(y)`
 * `221 µs ± 14.9 µs`. Those are the notebook's numbers; this script prints its own.
 *
 * numpy evaluates `f` one operator at a time: `-4*x` makes a new million-element array, `* x`
 * another, and so on: nine passes over memory, each writing a fresh 8 MB array. `jax.jit(f)`
 * instead calls `f` once with tracer values, records the operations as a graph, and hands the
 * graph to XLA, which fuses the elementwise operations into one loop: each `x[i]` is read once,
 * each result written once, no temporaries. (Two caveats on the notebook's measurement: jax
 * dispatches asynchronously and the notebook does not call `.block_until_ready()`, so 221 µs may
 * not cover the whole computation; and `jax.numpy.arange` makes int32, where `-4*x*x*x` overflows
 * for x > 812, so the jitted f does not even compute numpy's (int64) values.)
 *
 * Here the same comparison is made on float64 typed arrays:
 * 1. numpy's way, with the elementwise functions `mul`, `add`, `sub` (a new array per operator);
 * 2. `polyval([-4, 9, 6, -3], x)`: one loop, Horner's rule (rounded differently, so compared with
 *    a tolerance);
 * 3. `compile("-4*x^3 + 9*x^2 + 6*x - 3")`: jit's idea. The mathjs expression is parsed once
 *    into the source of one JavaScript loop (printed below), and V8's optimizing compiler turns
 *    that loop into machine code over the typed array: one read and one write per element. Once
 *    returning a new array, once writing into a preallocated `out` (no allocation at all).
 * 4. `runParallel` over a Pool of workers: each worker runs the same kernel on its own block.
 *    Workers are threads with separate JavaScript heaps, which normally share nothing; a
 *    SharedArrayBuffer is the one memory they all see, so with `x` and `out` in shared memory
 *    nothing is copied and each worker writes its block of `out` in place. The gain is bounded
 *    by the cores (and memory bandwidth), minus tens of µs of messaging per call: on a 2-core
 *    machine, a loop this cheap gains little or nothing.
 *
 * Expect the numpy-style version to be slower here than numpy itself: each new 8 MB typed array
 * is fresh zeroed memory from the system, and it is only freed when the garbage collector runs,
 * where numpy frees each temporary as soon as it is used. That is what the fused versions avoid.
 * Loop counts are picked for runs of about 0.1 s (IPython picks 0.2 to 2 s per run; `--ipython`
 * uses its choice, `--quick` runs 2 × 5 calls).
 *
 * Run: `deno task ex:numpy_vs_jit` (or `deno run -A examples/numpy_vs_jit.ts [--n N]
 * [--workers N] [--quick] [--ipython]`).
 *
 * @module
 */
import { parseArgs } from "node:util";
import {
  add,
  allclose,
  arange,
  compile,
  mul,
  polyval,
  Pool,
  runParallel,
  sub,
  type TimeitResult,
} from "../mod.ts";
import { timingFor } from "./_timing.ts";

/** The notebook's `f`, numpy style: one elementwise call, and one new array, per operator. */
export function fNumpyStyle(x: Float64Array): Float64Array {
  return sub(add(add(mul(mul(mul(-4, x), x), x), mul(mul(9, x), x)), mul(6, x)), 3);
}

/** The largest relative error of `y` against f computed exactly (in BigInt) at every `step`-th x. */
function errorAgainstExact(x: Float64Array, y: Float64Array, step: number): number {
  let worst = 0;
  for (let i = 0; i < x.length; i += step) {
    const v = BigInt(x[i]!);
    const exact = Number(-4n * v * v * v + 9n * v * v + 6n * v - 3n);
    worst = Math.max(worst, Math.abs(y[i]! - exact) / Math.abs(exact));
  }
  return worst;
}

function identical(a: Float64Array, b: Float64Array): boolean {
  return a.length === b.length && a.every((value, i) => Object.is(value, b[i]));
}

async function main(): Promise<void> {
  const flags = parseArgs({
    args: Deno.args,
    options: {
      n: { type: "string", default: "1000000" },
      workers: { type: "string", default: "2" },
      quick: { type: "boolean", default: false },
      ipython: { type: "boolean", default: false },
    },
  }).values;
  const n = Number(flags.n);
  const workers = Number(flags.workers);
  if (!(Number.isSafeInteger(n) && n >= 1 && n <= 1e7)) {
    throw new RangeError(`--n expects an integer in [1, 1e7], received "${flags.n}"`);
  }
  if (!(Number.isSafeInteger(workers) && workers >= 1)) {
    throw new RangeError(`--workers expects a positive integer, received "${flags.workers}"`);
  }
  const timing = timingFor(flags.ipython ? "ipython" : flags.quick ? "quick" : "short", 5);

  const x = arange(0, n);
  const kernel = compile("-4*x^3 + 9*x^2 + 6*x - 3");
  console.log(`f(x) = -4*x*x*x + 9*x*x + 6*x - 3 over x = arange(0, ${n}) (float64)`);
  console.log("compile() generated:\n" + kernel.source.replace(/^/gm, "  "));

  const expected = fNumpyStyle(x);
  const out = new Float64Array(n);
  const sharedX = new Float64Array(new SharedArrayBuffer(n * 8));
  sharedX.set(x);
  const sharedOut = new Float64Array(new SharedArrayBuffer(n * 8));
  await using pool = new Pool({ processes: workers });
  await runParallel(pool, kernel, sharedX, { out: sharedOut }); // start the workers first

  const results: [string, TimeitResult][] = [];
  const line = (label: string, result: TimeitResult) => {
    results.push([label, result]);
    console.log(`${label.padEnd(28)} ${result}`);
  };
  console.log(`\n%timeit, this machine (${navigator.hardwareConcurrency} cores):`);
  line("numpy-style (9 new arrays)", timing.line(() => fNumpyStyle(x)));
  line("polyval", timing.line(() => polyval([-4, 9, 6, -3], x)));
  line("kernel(x)", timing.line(() => kernel(x)));
  line("kernel(x, out)", timing.line(() => kernel(x, out)));
  line(
    `runParallel(${workers} workers)`,
    await timing.lineAsync(() => runParallel(pool, kernel, sharedX, { out: sharedOut })),
  );
  const base = results[0]![1].average;
  const speedUps = results.slice(1).map(([label, r]) =>
    `${label} ${(base / r.average).toFixed(1)}×`
  );
  console.log(`speed-up against numpy-style: ${speedUps.join(", ")}`);
  console.log("(the notebook's own: numpy 7.14 ms, jax.jit 221 µs, 32× apart)");

  // Check that every version computed f, and the same f.
  const viaPolyval = polyval([-4, 9, 6, -3], x);
  const viaKernel = kernel(x);
  const checks: [string, boolean][] = [
    // The same operations as numpy-style, in the same order up to exact steps (·4 is exact, and
    // 9·x² is an integer below 2**53 for these x), so the same bits.
    ["kernel(x) equals numpy-style bit for bit", identical(viaKernel, expected)],
    ["kernel(x, out) equals kernel(x)", identical(out, viaKernel)],
    ["runParallel equals kernel(x)", identical(sharedOut, viaKernel)],
    ["polyval allclose (rtol 1e-14)", allclose(viaPolyval, expected, { rtol: 1e-14, atol: 0 })],
  ];
  const sampled = errorAgainstExact(x, expected, Math.max(1, Math.floor(n / 1000)));
  checks.push([
    `within 1e-15 of exact integers (numpy's int64), worst ${sampled.toExponential(1)}`,
    sampled <= 1e-15,
  ]);
  for (const [what, ok] of checks) console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
  const failed = checks.filter(([, ok]) => !ok).map(([what]) => what);
  if (failed.length > 0) throw new Error(`wrong values: ${failed.join("; ")}`);
}

if (import.meta.main) await main();
