/**
 * Notebook 000, question 2: a simple program with two Processes.
 *
 * Each Process (and each Pool worker) is a Web Worker, an OS thread with its own V8 heap and
 * event loop, running JavaScript truly in parallel with the others; `examples/threads_vs_processes.ts`
 * answers question 1 (multiprocessing versus multithreading) and times workers against child
 * OS processes. `cpuCount()` is how many can compute at the same moment (notebook 003, section 2).
 *
 * As in Python, `start()` returns at once and the main program carries on: "Done in" is printed
 * while both children still sleep; `join()` waits for them.
 *
 * Run: `deno task ex:process` (or `deno run -A examples/process.ts`).
 *
 * @module
 */
import { cpuCount, currentProcess, Process } from "../mod.ts";
import type { ExerciseBenchmark } from "./_exercise.ts";
import { joinAll, terminateOnExit } from "./_processes.ts";

/** How long each child sleeps: long enough that "Done in" surely comes before "Done sleeping". */
export const SLEEP_MS = 100;

/**
 * The notebook's `sleep` target: announces itself (if `announce`), sleeps `ms`, says so.
 * Exported so the worker finds it by name in this module, as Python pickles by reference.
 */
export async function sleep(ms: number = SLEEP_MS, announce = true): Promise<void> {
  const name = currentProcess().name;
  if (announce) console.log(`${name}: Starting to sleep`);
  await new Promise<void>((resolve) => setTimeout(resolve, ms));
  if (announce) console.log(`${name}: Done sleeping`);
}

/** Seconds until both `start()` calls returned, and until both processes were joined. */
export interface TwoSleepers {
  readonly processes: readonly Process[];
  readonly startSeconds: number;
  readonly joinSeconds: number;
}

/**
 * The notebook's program: two Processes running `sleep`, started, then joined; `afterStart` runs
 * between the two (where the notebook printed "Done in"). Throws if either failed.
 */
export async function twoSleepers(
  announce: boolean,
  afterStart: (startSeconds: number) => void = () => {},
): Promise<TwoSleepers> {
  const start = performance.now();
  const processes = [0, 1].map(() =>
    new Process({ target: sleep, args: [SLEEP_MS, announce], module: import.meta.url })
  );
  using _ = terminateOnExit(processes);
  for (const process of processes) process.start();
  const startSeconds = (performance.now() - start) / 1000;
  afterStart(startSeconds);
  await joinAll(processes);
  return { processes, startSeconds, joinSeconds: (performance.now() - start) / 1000 };
}

/** `start`: both start() calls (they return at once); `total`: until both were joined. */
export const benchmark: ExerciseBenchmark = {
  title:
    `Notebook 000 q2: two Processes sleeping ${SLEEP_MS} ms; start() returns at once, join() waits`,
  async run() {
    const { startSeconds, joinSeconds } = await twoSleepers(false);
    if (joinSeconds < SLEEP_MS / 1000) {
      throw new Error(
        `expected join() to wait out the ${SLEEP_MS} ms sleep, took ${joinSeconds} s`,
      );
    }
    return { start: startSeconds, total: joinSeconds };
  },
};

/** Starts two sleeping Processes, shows that `start()` does not wait, then joins them. */
export async function main(): Promise<void> {
  console.log("Number of cpu :", cpuCount());
  const { processes, joinSeconds } = await twoSleepers(true, (startSeconds) => {
    // start() launches the worker and returns without waiting for the target, as in Python: this
    // line comes long before "Done sleeping" (a child may already have said "Starting" though).
    console.log(`\nDone in ${startSeconds.toFixed(4)} seconds (after start(), before join())`);
  });
  console.log(`All done in ${joinSeconds.toFixed(4)} seconds (after join())`);
  for (const p of processes) {
    console.log(`${p.name}: pid ${p.pid}, exit code ${p.exitCode}, alive ${p.isAlive()}`);
  }
}

// The workers import this module to find `sleep`; only the main thread runs the demo.
if (import.meta.main) await main();
