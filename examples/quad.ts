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
 *    thread needs no core, so more workers than cores still help here; for CPU-bound work the
 *    core count is the limit.
 *
 * Run: `deno task ex:quad` (or `deno run -A examples/quad.ts [--sleep-scale S] [--workers N]`).
 *
 * @module
 */
import { parseArgs } from "node:util";
import { Pool, quad, quadAsync, type QuadResult, RandomState, timeit } from "../mod.ts";

// Atomics.wait on memory nobody notifies: a synchronous sleep that works in any thread.
const sleepCell = new Int32Array(new SharedArrayBuffer(4));

/** The notebook's gaussian at one node, after sleeping `sleepMs` (a Pool task). */
export function sleepyGaussianAt(x: number, p: number, sleepMs: number): number {
  if (sleepMs > 0) Atomics.wait(sleepCell, 0, 0, sleepMs);
  return Math.exp(-((x * p) ** 2));
}

function describe(result: QuadResult): string {
  return `value ${result.value}, abserr ${result.abserr.toExponential(2)}, neval ${result.neval}`;
}

function accuracy(): void {
  console.log("1. quad(exp(-(x*p)^2), -inf, inf) for p = 1..99");
  let worst = 0;
  let maxEval = 0;
  for (let p = 1; p <= 99; p++) {
    const result = quad((x: number) => Math.exp(-((x * p) ** 2)), -Infinity, Infinity);
    worst = Math.max(
      worst,
      Math.abs(result.value - Math.sqrt(Math.PI) / p) / (Math.sqrt(Math.PI) / p),
    );
    maxEval = Math.max(maxEval, result.neval);
  }
  console.log(
    `   worst relative error against √π/p: ${worst.toExponential(2)}; most nodes: ${maxEval}`,
  );
  const ps = Array.from({ length: 99 }, (_, i) => i + 1);
  const timing = timeit(() => {
    for (const p of ps) quad((x: number) => Math.exp(-((x * p) ** 2)), -Infinity, Infinity);
  }, { quiet: true });
  console.log(`   all 99 calls: ${timing}`);
  if (worst > 1e-12) throw new Error(`quad missed √π/p by ${worst} relative`);
}

function farPeak(): void {
  console.log(
    "\n2. exp(-((x-1000)*10)^2) over (-inf, inf); exact √π/10 = " + Math.sqrt(Math.PI) / 10,
  );
  const result = quad((x: number) => Math.exp(-(((x - 1000) * 10) ** 2)), -Infinity, Infinity);
  console.log(`   ${describe(result)}, ier ${result.ier}`);
  console.log(`   message: ${result.message}`);
  const found = Math.abs(result.value - Math.sqrt(Math.PI) / 10) < 1e-8;
  if (!found && result.ier === 0) throw new Error("a silent wrong answer for the far peak");
}

async function sleepy(sleepScale: number, workers: number, seed: number): Promise<void> {
  const p = new RandomState(seed).randint(1, 100);
  console.log(
    `\n3. the notebook's sleeping integrand, p = ${p} (seed ${seed}), sleeps × ${sleepScale}`,
  );
  // One generator per run, drawn in node order: both runs sleep the same.
  const sleepsFor = (rng: RandomState, n: number) => rng.uniform(0, 10 * sleepScale, n);

  let rng = new RandomState(seed);
  let slept = 0;
  let started = performance.now();
  const serial = await quadAsync(
    (xs: Float64Array) => {
      const sleeps = sleepsFor(rng, xs.length);
      slept += sleeps.reduce((sum, ms) => sum + ms, 0);
      return Promise.resolve(xs.map((x, i) => sleepyGaussianAt(x, p, sleeps[i]!)));
    },
    -Infinity,
    Infinity,
  );
  const serialSeconds = (performance.now() - started) / 1000;
  console.log(
    `   serial: ${describe(serial)}; ${serialSeconds.toFixed(3)} s (slept ${
      (slept / 1000).toFixed(3)
    } s)`,
  );

  await using pool = new Pool({ processes: workers, module: import.meta.url });
  rng = new RandomState(seed);
  started = performance.now();
  const parallel = await quadAsync(
    async (xs: Float64Array) => {
      const sleeps = sleepsFor(rng, xs.length);
      const calls = Array.from(xs, (x, i) => [x, p, sleeps[i]!] as [number, number, number]);
      return Float64Array.from(await pool.starmap(sleepyGaussianAt, calls));
    },
    -Infinity,
    Infinity,
  );
  const parallelSeconds = (performance.now() - started) / 1000;
  console.log(
    `   ${workers} workers: ${describe(parallel)}; ${parallelSeconds.toFixed(3)} s ` +
      `(${(serialSeconds / parallelSeconds).toFixed(1)}× faster)`,
  );
  if (parallel.value !== serial.value) throw new Error("the Pool changed the integral");
}

async function main(): Promise<void> {
  const flags = parseArgs({
    args: Deno.args,
    options: {
      "sleep-scale": { type: "string", default: "1" },
      workers: { type: "string", default: "8" },
      seed: { type: "string", default: "0" },
    },
  }).values;
  const sleepScale = Number(flags["sleep-scale"]);
  const workers = Number(flags.workers);
  if (!(sleepScale >= 0) || !(Number.isInteger(workers) && workers >= 1)) {
    throw new RangeError(
      `expected --sleep-scale >= 0 and --workers >= 1, received ${
        flags["sleep-scale"]
      } and ${flags.workers}`,
    );
  }
  accuracy();
  farPeak();
  await sleepy(sleepScale, workers, Number(flags.seed));
}

if (import.meta.main) await main();
