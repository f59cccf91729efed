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
 * 1. numpy's way, with the elementwise functions `multiply`, `add`, `subtract` (a new array per
 *    operator);
 * 2. `polyval([-4, 9, 6, -3], x)`: one loop, Horner's rule (rounded differently, so compared with
 *    a tolerance);
 * 3. `jit((x: number) => -4 * x ** 3 + 9 * x ** 2 + 6 * x - 3)`: `jax.jit(f)` for a TypeScript
 *    function. jax traces `f` with stand-in values; `jit` instead reads `f`'s source with a
 *    JavaScript parser (acorn, loaded on first use), checks that it only does arithmetic on its
 *    parameters, and writes the source of one JavaScript loop that computes `f` of each element
 *    inline. V8's optimizing compiler turns that loop into machine code over the typed array: one
 *    read and one write per element. `x ** 3` is `x * x * x`, as jax's `integer_pow`. Once
 *    returning a new array, once writing into a preallocated `out` (no allocation at all).
 * 4. `compile("-4*x^3 + 9*x^2 + 6*x - 3")`: the same fused loop from an expression string
 *    (mathjs syntax, parsed by mathjs, loaded on first use), for formulas that arrive as text.
 * 5. `runParallel` over a Pool of workers: each worker runs the same kernel on its own block.
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
import { Pool } from "../mod.ts";
import {
  add,
  allclose,
  arange,
  compile,
  jit,
  type JitKernel,
  type Kernel,
  multiply,
  polyval,
  runParallel,
  subtract,
  type TimeitResult,
} from "../numeric.ts";
import type { ExerciseBenchmark } from "./_exercise.ts";
import { timed, timingFor } from "./_timing.ts";

/** The notebook's `f`, numpy style: one elementwise call, and one new array, per operator. */
export function fNumpyStyle(x: Float64Array): Float64Array {
  return subtract(
    add(
      add(multiply(multiply(multiply(-4, x), x), x), multiply(multiply(9, x), x)),
      multiply(6, x),
    ),
    3,
  );
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

/** The notebook's `f` as `jit()` takes it: a scalar TypeScript function. */
export const fScalar = (x: number): number => -4 * x ** 3 + 9 * x ** 2 + 6 * x - 3;

/** What every version of f works on: x, the compiled kernels, outputs, and a started Pool. */
interface Polynomial extends AsyncDisposable {
  readonly x: Float64Array;
  /** `jit(f)`. */
  readonly jitted: JitKernel<typeof fScalar>;
  /** `compile()` of f's expression string. */
  readonly kernel: Kernel;
  /** `kernel(x, out)` writes here. */
  readonly out: Float64Array;
  /** x and the output of `runParallel`, in shared memory. */
  readonly sharedX: Float64Array;
  readonly sharedOut: Float64Array;
  readonly pool: Pool;
}

/** x = arange(0, n), the kernel, and a Pool of `workers` whose workers have already started. */
async function setUp(n: number, workers: number): Promise<Polynomial> {
  const x = arange(0, n);
  const sharedX = new Float64Array(new SharedArrayBuffer(n * 8));
  sharedX.set(x);
  const pool = new Pool({ processes: workers });
  const polynomial: Polynomial = {
    x,
    jitted: jit(fScalar),
    kernel: compile("-4*x^3 + 9*x^2 + 6*x - 3"),
    out: new Float64Array(n),
    sharedX,
    sharedOut: new Float64Array(new SharedArrayBuffer(n * 8)),
    pool,
    [Symbol.asyncDispose]: () => pool[Symbol.asyncDispose](),
  };
  try {
    await parallelRun(polynomial); // start the workers first
  } catch (error) {
    await pool.terminate();
    throw error;
  }
  return polynomial;
}

function parallelRun({ pool, kernel, sharedX, sharedOut }: Polynomial): Promise<Float64Array> {
  return runParallel(pool, kernel, sharedX, { out: sharedOut });
}

/** The single-thread versions: benchmark figure, label, and one call. */
function serialVersions(f: Polynomial): [figure: string, label: string, call: () => unknown][] {
  return [
    ["elementwise", "numpy-style (9 new arrays)", () => fNumpyStyle(f.x)],
    ["polyval", "polyval", () => polyval([-4, 9, 6, -3], f.x)],
    ["jit", "jit(f)(x)", () => f.jitted(f.x)],
    ["jitOut", "jit(f)(x, out)", () => f.jitted(f.x, f.out)],
    ["kernel", "kernel(x)", () => f.kernel(f.x)],
    ["kernelOut", "kernel(x, out)", () => f.kernel(f.x, f.out)],
  ];
}

/** Checks that every version computed f, and the same f (`out` and `sharedOut` filled). */
function checkVersions(f: Polynomial): [string, boolean][] {
  const expected = fNumpyStyle(f.x);
  const viaPolyval = polyval([-4, 9, 6, -3], f.x);
  const viaJit = f.jitted(f.x);
  const jitOut = f.jitted(f.x, new Float64Array(f.x.length));
  const viaKernel = f.kernel(f.x);
  const checks: [string, boolean][] = [
    // ·4 is exact and x·x·x, x·x, 9·x² are exact integers below 2**53 here, so jit's grouping
    // (-4 · (x·x·x), 9 · (x·x)) gives numpy-style's bits too.
    ["jit(f)(x) equals numpy-style bit for bit", identical(viaJit, expected)],
    ["jit(f)(x, out) equals jit(f)(x)", identical(jitOut, viaJit)],
    // The same operations as numpy-style, in the same order up to exact steps (·4 is exact, and
    // 9·x² is an integer below 2**53 for these x), so the same bits.
    ["kernel(x) equals numpy-style bit for bit", identical(viaKernel, expected)],
    ["kernel(x, out) equals kernel(x)", identical(f.out, viaKernel)],
    ["runParallel equals kernel(x)", identical(f.sharedOut, viaKernel)],
    ["polyval allclose (rtol 1e-14)", allclose(viaPolyval, expected, { rtol: 1e-14, atol: 0 })],
  ];
  const sampled = errorAgainstExact(f.x, expected, Math.max(1, Math.floor(f.x.length / 1000)));
  checks.push([
    `within 1e-15 of exact integers (numpy's int64), worst ${sampled.toExponential(1)}`,
    sampled <= 1e-15,
  ]);
  return checks;
}

function throwIfFailed(checks: [string, boolean][]): void {
  const failed = checks.filter(([, ok]) => !ok).map(([what]) => what);
  if (failed.length > 0) throw new Error(`wrong values: ${failed.join("; ")}`);
}

/** One call of each version over arange(0, 1e6); `parallel` is runParallel on `workers`. */
export const benchmark: ExerciseBenchmark = {
  title:
    "Notebook 000 q6: f(x) = -4x³ + 9x² + 6x - 3 over 1e6 float64, elementwise vs jit vs workers",
  parallelFigure: "parallel",
  serialFigure: "kernelOut",
  whySlowerInParallel:
    "the kernel alone goes over the million elements in about a millisecond, so handing each " +
    "worker its block and waiting for every answer costs more than the work itself, and the " +
    "workers share one memory bus: a loop this cheap gains little or nothing on two cores",
  async run({ workers }) {
    await using f = await setUp(1_000_000, workers);
    const figures: Record<string, number> = {};
    for (const [figure, , call] of serialVersions(f)) figures[figure] = (await timed(call))[1];
    figures.parallel = (await timed(() => parallelRun(f)))[1];
    throwIfFailed(checkVersions(f));
    return figures;
  },
};

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

  await using f = await setUp(n, workers);
  console.log(`f(x) = -4*x*x*x + 9*x*x + 6*x - 3 over x = arange(0, ${n}) (float64)`);
  console.log(`jit() of: ${f.jitted.source}`);
  console.log("compile() generated:\n" + f.kernel.source.replace(/^/gm, "  "));

  const results: [string, TimeitResult][] = [];
  const line = (label: string, result: TimeitResult) => {
    results.push([label, result]);
    console.log(`${label.padEnd(28)} ${result}`);
  };
  console.log(`\n%timeit, this machine (${navigator.hardwareConcurrency} cores):`);
  for (const [, label, call] of serialVersions(f)) line(label, timing.line(call));
  line(`runParallel(${workers} workers)`, await timing.lineAsync(() => parallelRun(f)));
  const base = results[0]![1].average;
  const speedUps = results.slice(1).map(([label, r]) =>
    `${label} ${(base / r.average).toFixed(1)}×`
  );
  console.log(`speed-up against numpy-style: ${speedUps.join(", ")}`);
  console.log("(the notebook's own: numpy 7.14 ms, jax.jit 221 µs, 32× apart)");

  const checks = checkVersions(f);
  for (const [what, ok] of checks) console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
  throwIfFailed(checks);
}

if (import.meta.main) await main();
