/**
 * Notebook 000, question 1: what is the difference between multiprocessing and multithreading?
 *
 * In Python, threads share one interpreter and one heap, and the GIL lets only one of them run
 * Python code at a time: threads overlap waiting (I/O, sleep), not computing. `multiprocessing`
 * starts OS processes, each with its own interpreter and memory, so they compute in parallel;
 * arguments and results are pickled through pipes, and only `Value`/`Array`/`shared_memory` are
 * shared. (The notebook's notes need two corrections: `concurrent.futures` dates from Python 3.2,
 * and its `ProcessPoolExecutor` uses processes; a GIL-free build is optional from 3.13, and
 * sub-interpreters with their own GIL reach Python code in 3.14's `concurrent.interpreters`.)
 *
 * In Deno there is no GIL, but one V8 isolate runs one thread of JavaScript. A Web Worker (what
 * every Process and Pool worker here is) is an OS thread with its own isolate: its own heap,
 * garbage collector and event loop, running truly in parallel with the others. Workers share no
 * JavaScript objects: a message is copied by structured clone (an ArrayBuffer can instead be
 * transferred, moved rather than copied), and the only shared memory is a SharedArrayBuffer,
 * synchronised with Atomics. So threads give JavaScript what Python needs processes for. They
 * live in one OS process, though: they share its permissions, and a fatal error such as V8
 * running out of memory ends them all.
 *
 * A child started with `Deno.Command` is a real OS process, as Python's `multiprocessing` uses:
 * a whole Deno runtime in its own address space, with only the permissions it is given (none
 * here), whose crash leaves the parent running. It shares no memory at all; it talks through
 * bytes on pipes (here tasks and answers as lines of JSON on its stdin and stdout, as a Python
 * Pool pickles them through pipes). Starting one costs a runtime's start-up, starting a worker an
 * isolate's and its modules': each is measured below on its own. Then the same CPU-bound tasks
 * (8 integrals of the notebook's Gaussian by the midpoint rule, as the Python counterpart
 * `bench/python/exercises/threads_vs_processes.py` computes them) run in this thread, on N worker
 * threads and on N child processes, both pools started before the timing.
 *
 * Run: `deno task ex:threads_vs_processes` (or
 * `deno run -A examples/threads_vs_processes.ts [--points N] [--workers N] [--seed N]`).
 *
 * @module
 */
import { parseArgs } from "node:util";
import { cpuCount, Pool } from "../mod.ts";
import type { ExerciseBenchmark } from "./_exercise.ts";
import { ChildProcessPool } from "./_child_processes.ts";
import { midpointGaussian } from "./_cpu_work.ts";
import { parameters } from "./_integrand.ts";
import { startedPool } from "./_pool.ts";
import { timed } from "./_timing.ts";

/** The module the worker threads load to compute (the child processes run it as a program). */
const CPU_WORK = new URL("./_cpu_work.ts", import.meta.url);

/** One task: the integral for `p` with `points` midpoints. */
type Task = readonly [p: number, points: number];

/** The tasks: 8 parameters `randint(1, 100)` drawn from `seed`, `points` midpoints each. */
export function midpointTasks(points: number, seed: number): Task[] {
  return parameters(8, seed).map((p) => [p, points] as const);
}

/** Every task in this thread, one after another. */
export function integrateSerially(tasks: readonly Task[]): number[] {
  return tasks.map(([p, points]) => midpointGaussian(p, points));
}

/** Every task on the worker threads of `pool`, one task per message. */
export function integrateInThreads(pool: Pool, tasks: readonly Task[]): Promise<number[]> {
  return pool.starmap(midpointGaussian, tasks.map(([p, points]): [number, number] => [p, points]), {
    chunksize: 1,
  });
}

/** Throws unless every integral is √π/p within 1e-9, and every way agrees with serial bit for bit. */
function checkResults(tasks: readonly Task[], serial: number[], others: Record<string, number[]>) {
  tasks.forEach(([p], k) => {
    const exact = Math.sqrt(Math.PI) / p;
    if (!(Math.abs(serial[k]! - exact) <= 1e-9 * exact)) {
      throw new Error(`task ${k} (p = ${p}) gave ${serial[k]} serially, expected √π/p = ${exact}`);
    }
  });
  for (const [way, values] of Object.entries(others)) {
    const k = tasks.findIndex((_, i) => !Object.is(values[i], serial[i]));
    if (k >= 0 || values.length !== tasks.length) {
      throw new Error(
        `expected the ${way} to give the serial integrals bit for bit; ` +
          `task ${k}: ${values[k]}, serially ${serial[k]}`,
      );
    }
  }
}

/**
 * The figures: the tasks in this thread (`serial`), on a started Pool of `workers` threads
 * (`threads`) and on `workers` started child processes (`processes`); and what starting one
 * thread and one process, answering one tiny task and stopping cost (`…Startup`).
 */
async function measure(points: number, workers: number, seed: number) {
  const tasks = midpointTasks(points, seed);
  const [serial, serialSeconds] = await timed(() => integrateSerially(tasks));
  let threads: number[], threadSeconds: number;
  {
    await using pool = await startedPool({ processes: workers, module: CPU_WORK });
    [threads, threadSeconds] = await timed(() => integrateInThreads(pool, tasks));
  }
  let processes: number[], processSeconds: number;
  {
    await using children = new ChildProcessPool(workers);
    await children.warmUp();
    [processes, processSeconds] = await timed(() => children.map(tasks));
  }
  checkResults(tasks, serial, { threads, processes });
  const [, threadStartup] = await timed(async () => {
    await using pool = new Pool({ processes: 1, module: CPU_WORK });
    await integrateInThreads(pool, [[1, 1]]);
  });
  const [, processStartup] = await timed(async () => {
    await using children = new ChildProcessPool(1);
    await children.map([[1, 1]]);
  });
  return {
    tasks,
    serial,
    figures: {
      serial: serialSeconds,
      threads: threadSeconds,
      processes: processSeconds,
      threadStartup,
      processStartup,
    },
  };
}

/** Quick: 100,000 midpoints per task; else 1,000,000 (the Python counterpart's sizes). */
export const benchmark: ExerciseBenchmark = {
  title: "Notebook 000 q1: CPU-bound tasks in one thread, worker threads and child deno processes",
  parallelFigure: "threads",
  serialFigure: "serial",
  whySlowerInParallel:
    "the eight integrals are a few milliseconds of work in all (less with --quick), so " +
    "sending them to the workers and collecting the answers, on cores shared with the rest of" +
    " the machine, weighs as much as the computation",
  run: async ({ workers, quick, seed }) =>
    (await measure(quick ? 100_000 : 1_000_000, workers, seed)).figures,
};

function positiveInteger(flag: string, text: string, min: number): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < min) {
    throw new RangeError(`--${flag} expects an integer >= ${min}, received "${text}"`);
  }
  return value;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      points: { type: "string", default: "1000000" },
      workers: { type: "string", default: String(cpuCount()) },
      seed: { type: "string", default: "0" },
    },
  });
  const points = positiveInteger("points", values.points!, 1);
  const workers = positiveInteger("workers", values.workers!, 1);
  const seed = positiveInteger("seed", values.seed!, 0);
  const { tasks, serial, figures } = await measure(points, workers, seed);
  console.log(
    `8 tasks: ∫ exp(-(x*p)^2) over [-6/p, 6/p], ${points} midpoints each, ` +
      `p = ${tasks.map(([p]) => p).join(", ")} (seed ${seed})`,
  );
  console.log(`integrals: ${serial.map((value) => value.toFixed(12)).join(", ")}`);
  console.log(`${workers} workers (cpuCount() = ${cpuCount()}), pools started before timing\n`);
  const line = (label: string, seconds: number, speedUp: boolean) =>
    console.log(
      `${label.padEnd(34)} ${seconds.toFixed(3)} s` +
        (speedUp ? `  (${(figures.serial / seconds).toFixed(1)}× one thread)` : ""),
    );
  line("one thread (this one)", figures.serial, false);
  line(`${workers} worker threads (Pool)`, figures.threads, true);
  line(`${workers} child processes (deno run)`, figures.processes, true);
  console.log("\nstart-up, one of each (start, answer a tiny task, stop):");
  line("  worker thread", figures.threadStartup, false);
  line("  child process", figures.processStartup, false);
  console.log("\nthe three ways agree bit for bit, every integral within 1e-9 of √π/p");
}

if (import.meta.main) await main();
