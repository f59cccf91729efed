/**
 * Notebook 000, question 9: five processes each integrate the notebook's Gaussian and send
 * `[i, integral]` through one shared `send_end` of a Pipe; the parent receives on `recv_end`.
 *
 * How it works in Deno: `Pipe()` is a MessageChannel. A Connection passed to a Process does not
 * move there: the Process gets a proxy whose messages a relay in the parent forwards to the real
 * end, so the parent keeps its `sendEnd` and all five Processes share it, as Python's processes
 * share the pipe's file descriptor. Values are copied by structured clone on the way.
 *
 * The notebook receives inside the loop that starts the processes, so each one runs only after
 * the previous answered: five integrals one after another. Starting all five first and then
 * receiving overlaps them. Both are shown, with their times. The integrand sleeps, as the
 * notebook's does; `--busy` spins for the same durations instead (CPU-bound work, where the
 * overlap is bounded by the cores). `--workers N` lets at most N Processes overlap (default 5).
 *
 * Run: `deno task ex:pipe` (or
 * `deno run -A examples/pipe.ts [--sleep-scale S] [--busy] [--seed N] [--workers N]`).
 *
 * @module
 */
import { type Connection, Pipe, Process } from "../mod.ts";
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
import { joinAll, receiveFrom, runAtMost, terminateOnExit } from "./_processes.ts";
import { timed } from "./_timing.ts";

/** The notebook's `integrate_pipe`: integrates for `p` and sends `[i, integral]`. */
export function integratePipe(
  i: number,
  sendEnd: Connection,
  p: number,
  seed: number,
  work: HeavyWork,
): void {
  sendEnd.send([i, integrate(p, seed + i, work)]);
}

/** What one run integrates: parameters, seed and waits. */
interface Run {
  readonly ps: readonly number[];
  readonly seed: number;
  readonly work: HeavyWork;
}

type Integral = [number, number];

/**
 * One Process per integral, all sending on one pipe. Not `overlapped`: the notebook's loop, each
 * started only after the previous one's answer arrived. `overlapped`: started without waiting,
 * at most `atOnce` alive at a time, answers received as they come.
 */
export async function integrateThroughPipe(
  run: Run,
  overlapped: boolean,
  atOnce: number,
): Promise<Integral[]> {
  const [recvEnd, sendEnd] = Pipe();
  try {
    const processes = run.ps.map((p, i) =>
      new Process({
        target: integratePipe,
        args: [i, sendEnd, p, run.seed, run.work],
        module: import.meta.url,
      })
    );
    using _ = terminateOnExit(processes);
    const received: Integral[] = [];
    if (!overlapped) {
      for (const process of processes) {
        process.start();
        received.push(await receiveFrom(recvEnd.recv() as Promise<Integral>, process));
      }
      await joinAll(processes);
      return received;
    }
    const receiving = (async () => {
      for (let i = 0; i < processes.length; i++) received.push(await recvEnd.recv() as Integral);
    })();
    await runAtMost(processes, atOnce);
    await receiving;
    return received;
  } finally {
    sendEnd.close();
    recvEnd.close();
  }
}

/** One-after-another (serial) and overlapped (parallel) times, sleeping and busy. */
export const benchmark: ExerciseBenchmark = {
  title: "Notebook 000 q9: five Processes send integrals through one Pipe, in turn vs overlapped",
  parallelFigure: "parallel",
  serialFigure: "serial",
  whySlowerInParallel:
    "the overlapped run starts its Processes inside the timing (a worker thread and its " +
    "modules each, tens of milliseconds), more than overlapping short sleeps (--quick) saves",
  run: ({ workers, quick, seed }) =>
    sleepAndBusyFigures(quick, async (work) => {
      const run: Run = { ps: parameters(5, seed), seed, work };
      const [inTurn, serial] = await timed(() => integrateThroughPipe(run, false, 1));
      checkIntegrals(inTurn, run.ps);
      const [overlapped, parallel] = await timed(() => integrateThroughPipe(run, true, workers));
      checkIntegrals(overlapped, run.ps);
      return { serial, parallel };
    }),
};

async function main(): Promise<void> {
  const { work, seed, ps, workers } = integralSettings(5);
  console.log(`parameters p = ${ps.join(", ")} (seed ${seed}), ${describeWork(work)}`);
  console.log("exact integrals √π/p\n");
  const overlap = workers >= ps.length ? "all five at once" : `at most ${workers} at once`;
  const runs = [["one after another (as the notebook)", false], [overlap, true]] as const;
  for (const [label, overlapped] of runs) {
    console.log(`${label}:`);
    const run = { ps, seed, work };
    const [received, seconds] = await timed(() => integrateThroughPipe(run, overlapped, workers));
    // Overlapped answers arrive in the order the integrals finish; sorted, the output is stable.
    const sorted = received.toSorted(([i], [j]) => i - j);
    for (const integral of sorted) console.log("value of integral is", integral);
    console.log(`That took ${seconds.toFixed(3)} sec ...\n`);
    checkIntegrals(received, ps);
  }
  console.log("every integral is within 1e-12 of √π/p");
}

if (import.meta.main) await main();
