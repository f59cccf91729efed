/**
 * Notebook 000, question 3: five integrals written by index into a shared float array.
 *
 * `new SharedArray("f", [0, 1, 2, 3, 4])` is Python's `multiprocessing.Array('f', range(5))`: five
 * float32 values in a SharedArrayBuffer. The notebook filled it from the main process, one
 * integral after another; here that serial run is followed by five Processes, each writing its
 * own element. Every Process sees the same memory (it is shared, not copied), and since each
 * writes a different index, no lock is needed. The printed values are float32, as the notebook's.
 *
 * The integrand sleeps, as the notebook's does; sleeping threads need no core, so the five
 * Processes overlap fully even on two cores. `--busy` spins for the same durations instead
 * (CPU-bound work), and then the speed-up is bounded by the cores. `--workers N` lets at most N
 * Processes run at once (default 5: all of them).
 *
 * Run: `deno task ex:shared_array` (or
 * `deno run -A examples/shared_array.ts [--sleep-scale S] [--busy] [--seed N] [--workers N]`).
 *
 * @module
 */
import { Process, SharedArray } from "../mod.ts";
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
import { runAtMost, terminateOnExit } from "./_processes.ts";
import { timed } from "./_timing.ts";

/** The notebook's `integrate`: computes the i-th integral and stores it at index i. */
export function integrateInto(
  sharedMemory: SharedArray<"f">,
  i: number,
  p: number,
  seed: number,
  work: HeavyWork,
  report: boolean,
): void {
  const started = performance.now();
  const integral = integrate(p, seed + i, work);
  sharedMemory.set(i, integral);
  if (!report) return;
  console.log(`The value of ${i} th integral is ${integral}`);
  console.log(`${i} took ${((performance.now() - started) / 1000).toFixed(3)} sec ...`);
}

/** How one run integrates: parameters, seed, waits, and whether to print as the notebook. */
interface Run {
  readonly ps: readonly number[];
  readonly seed: number;
  readonly work: HeavyWork;
  readonly report: boolean;
}

/** The notebook's loop: every integral in this thread, one after another. */
export function integrateSerially(run: Run): SharedArray<"f"> {
  const sharedMemory = new SharedArray("f", [0, 1, 2, 3, 4]);
  run.ps.forEach((p, i) => integrateInto(sharedMemory, i, p, run.seed, run.work, run.report));
  return sharedMemory;
}

/** One Process per integral, at most `atOnce` running at a time, all writing one shared array. */
export async function integrateInProcesses(run: Run, atOnce: number): Promise<SharedArray<"f">> {
  const sharedMemory = new SharedArray("f", [0, 1, 2, 3, 4]);
  const processes = run.ps.map((p, i) =>
    new Process({
      target: integrateInto,
      args: [sharedMemory, i, p, run.seed, run.work, run.report],
      module: import.meta.url,
    })
  );
  using _ = terminateOnExit(processes);
  await runAtMost(processes, atOnce);
  return sharedMemory;
}

/** Throws unless element i is √π/p as float32 for every i. */
function checkArray(sharedMemory: SharedArray<"f">, ps: readonly number[]): void {
  checkIntegrals(sharedMemory.toArray().map((value, i) => [i, value] as const), ps, 1e-7);
}

/** Serial and Process times, sleeping and busy; `workers` bounds the Processes at once. */
export const benchmark: ExerciseBenchmark = {
  title: "Notebook 000 q3: five integrals into a shared float32 array, serial vs Processes",
  parallelFigure: "parallel",
  serialFigure: "serial",
  whySlowerInParallel:
    "the parallel run starts its Processes inside the timing (a worker thread and its modules" +
    " each, tens of milliseconds), more than overlapping short sleeps (--quick) saves",
  run: ({ workers, quick, seed }) =>
    sleepAndBusyFigures(quick, async (work) => {
      const run: Run = { ps: parameters(5, seed), seed, work, report: false };
      const [serialMemory, serial] = await timed(() => integrateSerially(run));
      checkArray(serialMemory, run.ps);
      const [sharedMemory, parallel] = await timed(() => integrateInProcesses(run, workers));
      checkArray(sharedMemory, run.ps);
      return { serial, parallel };
    }),
};

async function main(): Promise<void> {
  const { work, seed, ps, workers } = integralSettings(5);
  console.log(`parameters p = ${ps.join(", ")} (seed ${seed}), ${describeWork(work)}\n`);
  const run: Run = { ps, seed, work, report: true };

  let started = performance.now();
  const serialMemory = integrateSerially(run);
  console.log(`serial: ${((performance.now() - started) / 1000).toFixed(3)} s`);
  console.log(serialMemory.toArray(), "\n");

  started = performance.now();
  const sharedMemory = await integrateInProcesses(run, workers);
  const atOnce = workers >= ps.length ? "" : `, at most ${workers} at once`;
  console.log(`five Processes${atOnce}: ${((performance.now() - started) / 1000).toFixed(3)} s`);
  console.log(sharedMemory.toArray());

  checkArray(serialMemory, ps);
  checkArray(sharedMemory, ps);
  console.log("every element is √π/p as float32");
}

if (import.meta.main) await main();
