/**
 * π by Monte Carlo, the way a numpy user writes it and the way `jax.jit` would run it: draw N
 * points (x, y) uniformly in the unit square; the fraction inside the quarter circle
 * `x² + y² <= 1` tends to π/4, so `4 * (x*x + y*y <= 1).mean()` estimates π (its standard error
 * is about 1.64 / √N: 5e-4 for N = 1e7).
 *
 * numpy evaluates that line one operator at a time: `x*x` is a new N-element float64 array,
 * `y*y` another, their sum a third, `<= 1` a fourth (of booleans), and `.mean()` reads it once
 * more: for N = 1e7, some 250 MB written and read back to compute one number. jax's `jax.jit`
 * of the same function traces it into a graph and lets XLA fuse it: one loop that reads `x[i]`
 * and `y[i]`, keeps a running count, and writes nothing.
 *
 * Here, on float64 typed arrays:
 * 1. numpy's way, with the kit's elementwise functions (`multiply`, `add`, `lessEqual`, `mean`):
 *    three new Float64Arrays and a Uint8Array mask per call;
 * 2. `jit((x, y) => x * x + y * y <= 1, { reduce: "mean" })`: `jit` reads the scalar function's
 *    source, writes one loop over both arrays with the mean accumulated in it, and V8 compiles
 *    that loop to machine code. No array of N elements is made: the kernel returns the mean.
 *
 * Both count the same points (`x` and `y` are numpy's `RandomState(seed).rand(N)`, bit for bit),
 * and a sum of ones and zeros is exact, so the two estimates are the same number, and numpy's
 * (checked against numpy's own count for seed 0). Single thread: a recipe spreads the same
 * reduction over a pool.
 *
 * Run: `deno task ex:monte_carlo_pi` (or `deno run -A examples/monte_carlo_pi.ts [--n N]
 * [--seed S] [--quick] [--ipython]`; `--quick` draws 1e5 points instead of 1e7).
 *
 * @module
 */
import { parseArgs } from "node:util";
import { add, jit, lessEqual, mean, multiply, random } from "../numeric.ts";
import type { ExerciseBenchmark } from "./_exercise.ts";
import { secondsPerCall, timingFor } from "./_timing.ts";

/** Points drawn with --quick, and without. */
const QUICK_POINTS = 100_000;
const FULL_POINTS = 10_000_000;

/** numpy's count of points inside for seed 0: `(x*x + y*y <= 1).sum()`, x and y from rand(N). */
const NUMPY_HITS_SEED_0: Readonly<Record<number, number>> = {
  [QUICK_POINTS]: 78_341,
  [FULL_POINTS]: 7_856_815,
};

/** The notebook-style estimate: numpy's `4 * (x*x + y*y <= 1).mean()`, one new array per step. */
export function piNumpyStyle(x: Float64Array, y: Float64Array): number {
  return 4 * mean(lessEqual(add(multiply(x, x), multiply(y, y)), 1));
}

/** The fraction of points inside the quarter circle, as one fused loop that allocates nothing. */
export const insideFraction = jit((x: number, y: number) => x * x + y * y <= 1, {
  reduce: "mean",
});

/** The fused estimate. */
export function piJit(x: Float64Array, y: Float64Array): number {
  return 4 * insideFraction(x, y);
}

/** `n` points of `RandomState(seed)`: x = rand(n), then y = rand(n), as numpy draws them. */
function points(n: number, seed: number): { x: Float64Array; y: Float64Array } {
  const rs = new random.RandomState(seed);
  const x = rs.rand(n);
  return { x, y: rs.rand(n) };
}

/** Both versions as `[figure, label, call]`. */
function versions(x: Float64Array, y: Float64Array): [string, string, () => number][] {
  return [
    ["elementwise", "numpy-style 4 * mean(x*x + y*y <= 1)", () => piNumpyStyle(x, y)],
    ["jitMean", 'jit(…, { reduce: "mean" })', () => piJit(x, y)],
  ];
}

/** The checks of one set of points: both estimates equal, numpy's count, near π. */
function checks(x: Float64Array, y: Float64Array, seed: number): [string, boolean][] {
  const n = x.length;
  const numpyStyle = piNumpyStyle(x, y);
  const fused = piJit(x, y);
  const hits = Math.round(fused / 4 * n);
  const error = Math.abs(fused - Math.PI);
  const result: [string, boolean][] = [
    ["the jit estimate equals numpy-style's, bit for bit", Object.is(fused, numpyStyle)],
    [
      `the estimate is exactly 4 × ${hits} / ${n} (points inside / points)`,
      4 * (hits / n) === fused,
    ],
    // Six standard errors: a seeded draw fails this with a probability of about 2e-9.
    [
      `within 6 standard errors of π (off by ${error.toExponential(2)})`,
      error <= 6 * 1.65 / Math.sqrt(n),
    ],
  ];
  const numpyHits = seed === 0 ? NUMPY_HITS_SEED_0[n] : undefined;
  if (numpyHits !== undefined) {
    result.push([`numpy counts ${numpyHits} points inside for seed 0 too`, hits === numpyHits]);
  }
  return result;
}

function throwIfFailed(results: [string, boolean][]): void {
  const failed = results.filter(([, ok]) => !ok).map(([what]) => what);
  if (failed.length > 0) throw new Error(`wrong values: ${failed.join("; ")}`);
}

// The last points drawn: a benchmark runs several times on the same ones, and drawing 2e7
// numbers takes about a second.
let drawn: { n: number; seed: number; x: Float64Array; y: Float64Array } | null = null;

function cachedPoints(n: number, seed: number): { x: Float64Array; y: Float64Array } {
  if (drawn?.n !== n || drawn.seed !== seed) drawn = { n, seed, ...points(n, seed) };
  return drawn;
}

/** Seconds per call of each version over 1e7 points (1e5 quick), one thread. */
export const benchmark: ExerciseBenchmark = {
  title: "π by Monte Carlo on 1e7 points: numpy-style elementwise vs a fused jit() mean",
  run({ quick, seed }) {
    const { x, y } = cachedPoints(quick ? QUICK_POINTS : FULL_POINTS, seed);
    const figures: Record<string, number> = {};
    for (const [figure, , call] of versions(x, y)) {
      call(); // warm-up: V8 compiles the loops
      figures[figure] = secondsPerCall(call, quick ? 20 : 3);
    }
    throwIfFailed(checks(x, y, seed));
    return Promise.resolve(figures);
  },
};

function main(): void {
  const flags = parseArgs({
    args: Deno.args,
    options: {
      n: { type: "string" },
      seed: { type: "string", default: "0" },
      quick: { type: "boolean", default: false },
      ipython: { type: "boolean", default: false },
    },
  }).values;
  const n = Number(flags.n ?? (flags.quick ? QUICK_POINTS : FULL_POINTS));
  const seed = Number(flags.seed);
  if (!(Number.isSafeInteger(n) && n >= 1 && n <= 1e8)) {
    throw new RangeError(`--n expects an integer in [1, 1e8], received "${flags.n}"`);
  }
  if (!(Number.isSafeInteger(seed) && seed >= 0 && seed < 2 ** 32)) {
    throw new RangeError(`--seed expects an integer in [0, 2**32), received "${flags.seed}"`);
  }
  const timing = timingFor(flags.ipython ? "ipython" : flags.quick ? "quick" : "short", 5);
  const { x, y } = points(n, seed);
  console.log(`π by Monte Carlo on ${n.toLocaleString("en-US")} points of RandomState(${seed})`);
  console.log(`jit() of: ${insideFraction.source}, reduce: "${insideFraction.reduce}"`);
  console.log(`estimate ${piJit(x, y)} (π = ${Math.PI})`);

  console.log(`\n%timeit, this machine, one thread:`);
  const averages: number[] = [];
  for (const [, label, call] of versions(x, y)) {
    const result = timing.line(call);
    averages.push(result.average);
    console.log(`${label.padEnd(38)} ${result}`);
  }
  console.log(`speed-up of the fused mean: ${(averages[0]! / averages[1]!).toFixed(1)}×`);

  const results = checks(x, y, seed);
  for (const [what, ok] of results) console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
  throwIfFailed(results);
}

if (import.meta.main) main();
