/**
 * Notebook 000, question 4: `multiprocessing.Pool().map` over five integration inputs. What does
 * `pool.map` do, and what does it print?
 *
 * `pool.map(integrateMap, inputs)` splits the list into chunks (here one input each, so that no
 * worker holds two while another idles), sends them to the Pool's workers, runs `integrateMap`
 * on every input in parallel, and resolves with the results in input order, whatever order they
 * finished in: so the lines
 * `integrate value [i, value]` come out for i = 0…4 in order, the values being √π/p. In Deno the
 * workers are Web Workers (threads with their own heaps); each input and result is copied by
 * structured clone, and `integrateMap` is found by name in this module, which every worker
 * imports (as Python pickles a function by reference). `Pool()` without `processes` has
 * `cpuCount()` workers, as Python's.
 *
 * The integrand sleeps `uniform(0, 0.01)` s per evaluation, as the notebook's: sleepers need no
 * core, so five inputs on five workers overlap fully on any machine. `--busy` spins for the same
 * durations instead (CPU-bound work): then the speed-up is bounded by the cores. The serial loop
 * waits exactly as long in total: each integral's waits come from its own seeded generator. The
 * Pool is started before the map is timed (the notebook's timing included `with Pool()`); its
 * start-up is printed on its own.
 *
 * Run: `deno task ex:pool_map` (or
 * `deno run -A examples/pool_map.ts [--sleep-scale S] [--busy] [--seed N] [--workers N]`).
 *
 * @module
 */
import type { Pool } from "../mod.ts";
import type { ExerciseBenchmark } from "./_exercise.ts";
import {
  checkIntegrals,
  describeWork,
  type HeavyWork,
  integralSettings,
  integrate,
  parameters,
  sleepAndBusyFigures,
} from "./_integrand.ts";
import { startedPool } from "./_pool.ts";
import { timed } from "./_timing.ts";

/** The integrand's settings, carried by every input as the notebook's carry `gaussian`. */
export interface Gaussian {
  /** Seed of the waits; integral i draws from `seed + i`. */
  readonly seed: number;
  readonly work: HeavyWork;
}

/** One input of the map: index `i`, parameter `p`, and the integrand. */
export type IntegrationInput = readonly [i: number, p: number, gaussian: Gaussian];

/** The notebook's `integrate_map`: one input in, `[i, integral]` out. */
export function integrateMap([i, p, gaussian]: IntegrationInput): [number, number] {
  return [i, integrate(p, gaussian.seed + i, gaussian.work)];
}

/** The notebook's five inputs: parameters `randint(1, 100)` drawn from `seed`. */
export function integrationInputs(seed: number, work: HeavyWork): IntegrationInput[] {
  return parameters(5, seed).map((p, i) => [i, p, { seed, work }] as const);
}

/** Every input in this thread, one after another. */
export function integrateSerially(inputs: readonly IntegrationInput[]): [number, number][] {
  return inputs.map(integrateMap);
}

/** `pool.map(integrate_map, inputs)`: in parallel on the Pool's workers, results in input order. */
export function integrateWithPool(
  pool: Pool,
  inputs: readonly IntegrationInput[],
): Promise<[number, number][]> {
  return pool.map(integrateMap, inputs, { chunksize: 1 });
}

function checkInputs(results: [number, number][], inputs: readonly IntegrationInput[]): void {
  if (results.some(([i], k) => i !== k)) {
    throw new Error(`expected results in input order 0..4, got [${results.map(([i]) => i)}]`);
  }
  checkIntegrals(results, inputs.map(([, p]) => p));
}

/** A serial loop and `pool.map` on a started Pool of `workers`, sleeping and busy. */
export const benchmark: ExerciseBenchmark = {
  title: "Notebook 000 q4: pool.map over five integrals of the sleepy Gaussian vs a serial loop",
  parallelFigure: "parallel",
  serialFigure: "serial",
  whySlowerInParallel:
    "each integral travels to a worker and back; with short sleeps (--quick) that trip weighs" +
    " about as much as what overlapping them saves",
  async run({ workers, quick, seed }) {
    await using pool = await startedPool({ processes: workers, module: import.meta.url });
    return await sleepAndBusyFigures(quick, async (work) => {
      const inputs = integrationInputs(seed, work);
      const [inTurn, serial] = await timed(() => integrateSerially(inputs));
      checkInputs(inTurn, inputs);
      const [mapped, parallel] = await timed(() => integrateWithPool(pool, inputs));
      checkInputs(mapped, inputs);
      return { serial, parallel };
    });
  },
};

async function main(): Promise<void> {
  const { work, seed, workers } = integralSettings();
  const inputs = integrationInputs(seed, work);
  console.log(
    `inputs [i, p]: ${inputs.map(([i, p]) => `[${i}, ${p}]`).join(", ")} (seed ${seed}), ` +
      describeWork(work),
  );

  console.log("\nserial loop:");
  const [serial, serialSeconds] = await timed(() => integrateSerially(inputs));
  for (const integral of serial) console.log("integrate value", integral);
  console.log(`That took ${serialSeconds.toFixed(3)} sec ...`);

  const [pool, startSeconds] = await timed(() =>
    startedPool({ processes: workers, module: import.meta.url })
  );
  await using _ = pool;
  console.log(`\npool.map, ${workers} workers (started in ${startSeconds.toFixed(3)} s, before):`);
  const [mapped, mapSeconds] = await timed(() => integrateWithPool(pool, inputs));
  for (const integral of mapped) console.log("integrate value", integral);
  console.log(`That took ${mapSeconds.toFixed(3)} sec ...`);
  console.log(`(${(serialSeconds / mapSeconds).toFixed(1)}× the serial loop's speed)`);

  checkInputs(serial, inputs);
  checkInputs(mapped, inputs);
  console.log("\nresults in input order, every integral within 1e-12 of √π/p");
}

// The workers import this module to find `integrateMap`; only the main thread runs the demo.
if (import.meta.main) await main();
