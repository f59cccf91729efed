/**
 * Notebook 000's integral: `scipy.integrate.quad(gaussian, -inf, inf, args=(p,))` with
 * `gaussian(x, p) = exp(-(x*p)^2)`, exactly √π/p.
 *
 * Three parts:
 * 1. `quad` for p = 1…99 against √π/p, with its node count and time per call (the adaptive
 *    Gauss–Kronrod method of QUADPACK's QAGI, as scipy uses).
 * 2. A narrow peak far from the origin, `exp(-((x-1000)*10)^2)` over (-∞, ∞): scipy answers 0
 *    with no warning; `quad` either finds the peak or says in `ier`/`message` that it could not.
 * 3. The notebook's sleeping integrand (each evaluation sleeps `uniform(0, 0.01)` s, standing in
 *    for heavy work), once serially and once with `quadAsync` handing each refinement step's
 *    nodes to a Pool. The sleeps come from one seeded generator in node order, so both runs
 *    sleep exactly the same total; the Pool overlaps them. Workers are threads, and a sleeping
 *    thread needs no core, so more workers than cores still help here. `--busy` spins for the
 *    same durations instead (CPU-bound work): then the core count is the limit.
 *
 * The timing of part 1 runs about 0.1 s 7 times (`--ipython`: IPython's own loop count;
 * `--quick`: 2 runs of 5 passes).
 *
 * Run: `deno task ex:quad` (or `deno run -A examples/quad.ts [--sleep-scale S] [--busy]
 * [--workers N] [--seed N] [--quick] [--ipython]`).
 *
 * @module
 */
import { parseArgs } from "node:util";
import type { Pool } from "../mod.ts";
import { quad, quadAsync, type QuadResult, random } from "../numeric.ts";
import type { ExerciseBenchmark } from "./_exercise.ts";
import { describeWork, type HeavyWork, sleepAndBusyFigures, waitFor } from "./_integrand.ts";
import { startedPool } from "./_pool.ts";
import { timed, type Timing, timingFor } from "./_timing.ts";

/** The notebook's gaussian at one node, after waiting `waitMs` (a Pool task). */
export function sleepyGaussianAt(x: number, p: number, waitMs: number, busy: boolean): number {
  waitFor(waitMs, busy);
  return Math.exp(-((x * p) ** 2));
}

function describe(result: QuadResult): string {
  return `value ${result.value}, abserr ${result.abserr.toExponential(2)}, neval ${result.neval}`;
}

/** quad for p = 1…99: the worst relative error against √π/p and the most nodes of one call. */
export function quadAllPs(): { worst: number; maxEval: number } {
  let worst = 0;
  let maxEval = 0;
  for (let p = 1; p <= 99; p++) {
    const result = quad((x: number) => Math.exp(-((x * p) ** 2)), -Infinity, Infinity);
    const exact = Math.sqrt(Math.PI) / p;
    worst = Math.max(worst, Math.abs(result.value - exact) / exact);
    maxEval = Math.max(maxEval, result.neval);
  }
  if (worst > 1e-12) throw new Error(`quad missed √π/p by ${worst} relative, expected <= 1e-12`);
  return { worst, maxEval };
}

/** quad of a narrow peak at x = 1000; throws if it answers wrongly without saying so. */
export function farPeak(): QuadResult {
  const result = quad((x: number) => Math.exp(-(((x - 1000) * 10) ** 2)), -Infinity, Infinity);
  const found = Math.abs(result.value - Math.sqrt(Math.PI) / 10) < 1e-8;
  if (!found && result.ier === 0) {
    throw new Error(`a silent wrong answer for the far peak: ${result.value}, ier 0`);
  }
  return result;
}

/** The sleepy integral's result and the seconds all its nodes waited. */
interface SleepyResult {
  readonly result: QuadResult;
  readonly waited: number;
}

/**
 * `quadAsync` of the notebook's sleeping integrand for `p`, each refinement step's nodes
 * evaluated in this thread one after another (`pool` null) or spread over `pool`. The waits
 * come from one generator seeded `seed`, drawn in node order, so both ways wait the same.
 */
export async function sleepyQuad(
  p: number,
  seed: number,
  work: HeavyWork,
  pool: Pool | null,
): Promise<SleepyResult> {
  const rng = new random.RandomState(seed);
  let waited = 0;
  const result = await quadAsync(
    async (xs: Float64Array) => {
      const waits = rng.uniform(0, 10 * work.scale, xs.length);
      waited += waits.reduce((sum, ms) => sum + ms, 0) / 1000;
      if (pool === null) return xs.map((x, i) => sleepyGaussianAt(x, p, waits[i]!, work.busy));
      const calls = Array.from(
        xs,
        (x, i): [number, number, number, boolean] => [x, p, waits[i]!, work.busy],
      );
      return Float64Array.from(await pool.starmap(sleepyGaussianAt, calls));
    },
    -Infinity,
    Infinity,
  );
  const exact = Math.sqrt(Math.PI) / p;
  if (result.ier !== 0 || Math.abs(result.value - exact) > 1e-12 * exact) {
    throw new Error(`expected √π/${p} = ${exact}, quadAsync gave ${describe(result)}`);
  }
  return { result, waited };
}

/** The sleepy integral in this thread and over a Pool of `workers`; the Pool must agree. */
async function sleepyBothWays(p: number, seed: number, work: HeavyWork, workers: number) {
  const [serial, serialSeconds] = await timed(() => sleepyQuad(p, seed, work, null));
  await using pool = await startedPool({ processes: workers, module: import.meta.url });
  const [parallel, parallelSeconds] = await timed(() => sleepyQuad(p, seed, work, pool));
  if (parallel.result.value !== serial.result.value) {
    throw new Error(
      `the Pool changed the integral: ${parallel.result.value}, serially ${serial.result.value}`,
    );
  }
  return { serial, serialSeconds, parallel, parallelSeconds };
}

/**
 * `perCall`: seconds per quad call over one pass through p = 1…99; `serial`/`parallel` (and
 * `…Busy`): the sleepy integral in this thread and over a Pool of `workers`.
 */
export const benchmark: ExerciseBenchmark = {
  title:
    "quad of exp(-(x*p)^2): p = 1..99, and the sleepy integrand serially vs quadAsync on a Pool",
  parallelFigure: "parallel",
  serialFigure: "serial",
  whySlowerInParallel:
    "quadAsync sends the integrand's batches to the pool's workers and back; with short " +
    "sleeps (--quick) that trip weighs about as much as what overlapping them saves",
  async run({ workers, quick, seed }) {
    const [, pass] = await timed(quadAllPs);
    farPeak();
    const p = new random.RandomState(seed).randint(1, 100);
    const sleepy = await sleepAndBusyFigures(quick, async (work) => {
      const { serialSeconds, parallelSeconds } = await sleepyBothWays(p, seed, work, workers);
      return { serial: serialSeconds, parallel: parallelSeconds };
    });
    return { perCall: pass / 99, ...sleepy };
  },
};

function accuracy(timing: Timing): void {
  console.log("1. quad(exp(-(x*p)^2), -inf, inf) for p = 1..99");
  const { worst, maxEval } = quadAllPs();
  console.log(
    `   worst relative error against √π/p: ${worst.toExponential(2)}; most nodes: ${maxEval}`,
  );
  console.log(`   all 99 calls: ${timing.line(quadAllPs)}`);
}

function showFarPeak(): void {
  console.log(
    "\n2. exp(-((x-1000)*10)^2) over (-inf, inf); exact √π/10 = " + Math.sqrt(Math.PI) / 10,
  );
  const result = farPeak();
  console.log(`   ${describe(result)}, ier ${result.ier}`);
  console.log(`   message: ${result.message}`);
}

async function sleepy(work: HeavyWork, workers: number, seed: number): Promise<void> {
  const p = new random.RandomState(seed).randint(1, 100);
  console.log(
    `\n3. the notebook's sleeping integrand, p = ${p} (seed ${seed}), ${describeWork(work)}`,
  );
  const { serial, serialSeconds, parallel, parallelSeconds } = await sleepyBothWays(
    p,
    seed,
    work,
    workers,
  );
  const waited = `${work.busy ? "spun" : "slept"} ${serial.waited.toFixed(3)} s`;
  console.log(`   serial: ${describe(serial.result)}; ${serialSeconds.toFixed(3)} s (${waited})`);
  console.log(
    `   ${workers} workers: ${describe(parallel.result)}; ${parallelSeconds.toFixed(3)} s ` +
      `(${(serialSeconds / parallelSeconds).toFixed(1)}× faster)`,
  );
}

async function main(): Promise<void> {
  const flags = parseArgs({
    args: Deno.args,
    options: {
      "sleep-scale": { type: "string", default: "1" },
      busy: { type: "boolean", default: false },
      workers: { type: "string", default: "8" },
      seed: { type: "string", default: "0" },
      quick: { type: "boolean", default: false },
      ipython: { type: "boolean", default: false },
    },
  }).values;
  const scale = Number(flags["sleep-scale"]);
  const workers = Number(flags.workers);
  const seed = Number(flags.seed);
  if (
    !(scale >= 0) || !(Number.isInteger(workers) && workers >= 1) ||
    !(Number.isSafeInteger(seed) && seed >= 0)
  ) {
    throw new RangeError(
      "expected --sleep-scale >= 0, --workers >= 1 and --seed an integer >= 0, received " +
        `${flags["sleep-scale"]}, ${flags.workers} and ${flags.seed}`,
    );
  }
  accuracy(timingFor(flags.ipython ? "ipython" : flags.quick ? "quick" : "short", 5));
  showFarPeak();
  await sleepy({ scale, busy: flags.busy! }, workers, seed);
}

if (import.meta.main) await main();
