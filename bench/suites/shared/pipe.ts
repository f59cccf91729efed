/**
 * Section: a Pipe's round trip of a small message, main thread ↔ a pool worker using the
 * Connection it was handed as a task argument (so proxied through a relay in the main thread),
 * against a bare MessageChannel to a bare worker (the floor) and Python's `multiprocessing.Pipe`
 * between a parent and a child process; and the runners the throughput section shares.
 *
 * @module
 */
import { Pipe } from "../../../mod.ts";
import { figure, formatInt, type Section } from "../../harness/figure.ts";
import { pythonMissingNote } from "../../harness/python.ts";
import { check, interleave, median, roundTrips } from "../../harness/stats.ts";
import type { Parameters } from "../../harness/suite.ts";
import { usePool } from "../pool/pools.ts";
import { pythonFigure, type SharedSizes, startPool } from "./common.ts";
import { type End, pipeEcho, portEnd } from "./work.ts";

/** Python's Pipe round trip as quoted in the issue: the target when python3 is missing. */
const QUOTED_PYTHON_TRIP_US = 50;

/**
 * Runs pipe task `task` of work.ts given the other end of a new channel and `args`; `use` gets
 * this end and the task's result, and the ends are closed after it.
 */
export type Runner = <T>(
  task: (conn: End, ...args: never[]) => Promise<number>,
  args: unknown[],
  use: (mine: End, result: Promise<unknown>) => Promise<T>,
) => Promise<T>;

/**
 * Runs `use` with the end of a task's channel. If the task fails, `mine` is closed at once, so a
 * receive waiting for the task's messages ends instead of hanging, and the task's error is
 * thrown. (Not a race against the task per receive: a race left pending retains what it resolved
 * to, 256 MiB per throughput run, and the garbage collector's work showed in the figures.)
 */
async function runTask<T>(
  mine: End,
  result: Promise<unknown>,
  use: (mine: End, result: Promise<unknown>) => Promise<T>,
): Promise<T> {
  result.catch(() => mine.close());
  try {
    return await use(mine, result);
  } catch (error) {
    await result;
    throw error;
  } finally {
    mine.close();
  }
}

/**
 * Runs `use` with two runners: through a Pipe to the worker of a pool of one; and through a bare
 * MessageChannel to a bare worker (channel_worker.ts), the floor. Stops both workers after.
 */
export async function withRunners<T>(use: (pipe: Runner, floor: Runner) => Promise<T>): Promise<T> {
  const url = new URL("./channel_worker.ts", import.meta.url);
  const floorWorker = new Worker(url, { type: "module", name: "ChannelFloor" });
  try {
    return await usePool(startPool(1), (pool) =>
      use((task, args, use) => {
        const [mine, theirs] = Pipe();
        const result = pool.apply(task as (...args: unknown[]) => unknown, [theirs, ...args]);
        return runTask(mine, result, use).finally(() => theirs.close());
      }, (task, args, use) => {
        const { port1, port2 } = new MessageChannel();
        const result = new Promise((resolve) => floorWorker.onmessage = (e) => resolve(e.data));
        floorWorker.postMessage({ task: task.name, port: port2, args }, [port2]);
        return runTask(portEnd(port1), result, use);
      }));
  } finally {
    floorWorker.terminate();
  }
}

/** Round trip of a small message: Python, the floor, and the Pipe to a worker's Connection. */
export async function pipeLatencySection(p: Parameters, s: SharedSizes): Promise<Section> {
  const { trips } = s.pipe;
  const means = { floor: [] as number[], pipe: [] as number[] };
  /** A run: `trips` round trips of i echoed by the task; the median trip, the mean kept. */
  const run = (name: keyof typeof means, runner: Runner) => (index: number) =>
    runner(pipeEcho, [trips], async (mine, result) => {
      const trip = await roundTrips(trips, (i) => {
        mine.send(i);
        return mine.recv();
      }, (i) => i);
      check(await result === trips, "echo task result");
      if (index >= 0) means[name].push(trip.mean);
      return trip.median;
    });
  const summaries = await withRunners((pipe, floor) =>
    interleave(p, { floor: run("floor", floor), pipe: run("pipe", pipe) })
  );
  const python = await pythonFigure(p, "pipe.py", { mode: "latency", trips, seed: p.seed }, {
    id: "pipe.python_round_trip",
    label: "Python Pipe, parent ↔ child process",
    unit: "µs",
    extra: (out) => ({ meanPerRun: out.means ?? [], startMethod: out.start_method }),
  });
  const floor = figure({
    id: "pipe.floor_round_trip",
    label: "MessageChannel ↔ bare worker (floor)",
    unit: "µs",
    summary: summaries.floor,
    role: "floor",
    extra: { meanPerRun: means.floor },
  });
  const pipe = figure({
    id: "pipe.round_trip",
    label: "Pipe ↔ worker's Connection (task argument)",
    unit: "µs",
    summary: summaries.pipe,
    target: python === null
      ? { kind: "max", value: QUOTED_PYTHON_TRIP_US, source: "Python, as quoted" }
      : { kind: "max", value: python.summary.median, source: "Python, this run" },
    compare: [{ name: "python", figure: python }, { name: "floor", figure: floor }],
    extra: { meanPerRun: means.pipe },
  });
  const typical = (xs: unknown = []) => {
    const values = xs as number[];
    return values.length === 0 ? "—" : median(values).toFixed(1);
  };
  return {
    title: `Pipe round trip of a small message, main thread ↔ one worker (µs per trip)`,
    figures: python === null ? [floor, pipe] : [python, floor, pipe],
    notes: [
      `a number i sent and echoed back; ${formatInt(trips)} sequential trips per run, the ` +
      "median trip of each run is a sample; runs of the floor and the Pipe are interleaved",
      `mean trip, median over runs: floor ${typical(means.floor)} µs, Pipe ${
        typical(means.pipe)
      } µs` + (python ? `, Python ${typical(python.extra?.meanPerRun)} µs` : ""),
      "Pipe: `send(i)` / `await recv()` on the main thread's end; the worker's end is a proxy, " +
      "so each of its recv() is a request to the relay in the main thread (answered as soon as " +
      "the value arrives) and each send() a message to it; a thread waiting on a worker " +
      "watches a doorbell in shared memory for up to 50 µs instead of parking at once " +
      "(lib/channel/doorbell.ts), while the floor's threads park",
      python
        ? "target: no slower than Python's Pipe round trip measured in this run (quoted: 23–50 µs)"
        : `target: no slower than Python's Pipe round trip, ${QUOTED_PYTHON_TRIP_US} µs as ` +
          "quoted (23–50 µs); python3 was not found to measure it",
      "a trip is mostly thread wake-ups; on a virtual machine waking a thread on another, " +
      "halted vCPU costs tens of µs, so trips vary with thread placement and load (try " +
      "`taskset -c 0`)",
      ...(python ? [] : [pythonMissingNote("Pipe round-trip")]),
    ],
  };
}
