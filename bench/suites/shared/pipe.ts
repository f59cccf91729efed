/**
 * Section: a Pipe's round trip of a small message, main thread ↔ a pool worker using the
 * Connection it was handed as a task argument (so proxied through a relay in the main thread),
 * against a bare MessageChannel to a bare worker (the floor) and Python's `multiprocessing.Pipe`
 * between a parent and a child process; and `withPipeTask`, which the throughput section shares.
 *
 * @module
 */
import { type Connection, Pipe, type Pool } from "../../../mod.ts";
import { check, interleave, median, roundTrips, summarize } from "../../harness/stats.ts";
import { RawChannel } from "./channel.ts";
import { startPool } from "./common.ts";
import { usePool } from "../pool/pools.ts";
import { type Python, pythonMissingNote, runPythonSamples } from "../../harness/python.ts";
import { type Figure, figure, formatInt } from "../../harness/figure.ts";
import type { Section } from "../../harness/figure.ts";
import type { Parameters } from "../../harness/suite.ts";
import type { SharedSizes } from "./sizes.ts";
import { pipeEcho } from "./work.ts";

/** Python's Pipe round trip as quoted in the issue: the target when python3 is missing. */
const QUOTED_PYTHON_TRIP_US = 50;

/**
 * Runs `use` with a new pipe whose second end goes to the worker task that `start` begins, then
 * closes both ends. If the task fails, the main thread's end is closed at once, so a receive
 * waiting for the task's messages ends instead of hanging, and the task's error is thrown.
 * (Not a race against the task per receive: a race left pending retains what it resolved to,
 * 256 MiB per throughput run, and the garbage collector's work showed in the figures.)
 */
export async function withPipeTask<T>(
  start: (theirs: Connection) => Promise<unknown>,
  use: (mine: Connection, task: Promise<unknown>) => Promise<T>,
): Promise<T> {
  const [mine, theirs] = Pipe();
  const task = start(theirs);
  task.catch(() => mine.close());
  try {
    return await use(mine, task);
  } catch (error) {
    await task;
    throw error;
  } finally {
    mine.close();
    theirs.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Round trip

function pipeTrips(pool: Pool, trips: number, means: number[]) {
  return (run: number) =>
    withPipeTask((theirs) => pool.apply(pipeEcho, [theirs, trips]), async (mine, task) => {
      const stats = await roundTrips(trips, (i) => {
        mine.send(i);
        return mine.recv();
      }, (i) => i);
      check(await task === trips, "echo task result");
      if (run >= 0) means.push(stats.mean);
      return stats.median;
    });
}

function floorTrips(raw: RawChannel, trips: number, means: number[]) {
  return async (run: number) => {
    const stats = await roundTrips(trips, (i) => {
      raw.send(i);
      return raw.recv();
    }, (i) => i);
    if (run >= 0) means.push(stats.mean);
    return stats.median;
  };
}

/** The floor's and the Pipe's median trips (µs), runs interleaved, and their mean trips. */
async function measure(p: Parameters, trips: number) {
  const means = { floor: [] as number[], pipe: [] as number[] };
  const raw = new RawChannel();
  try {
    const summaries = await usePool(startPool(1), (pool) =>
      interleave(p, {
        floor: floorTrips(raw, trips, means.floor),
        pipe: pipeTrips(pool, trips, means.pipe),
      }));
    return { summaries, means };
  } finally {
    raw.terminate();
  }
}

async function pythonFigure(python: Python, p: Parameters, trips: number): Promise<Figure> {
  const out = await runPythonSamples(python, "pipe.py", { mode: "latency", trips, ...runFlags(p) });
  return figure({
    id: "pipe.python_round_trip",
    label: "Python Pipe, parent ↔ child process",
    unit: "µs",
    summary: summarize(out.samples),
    extra: { meanPerRun: out.means ?? [], startMethod: out.start_method },
  });
}

function notes(trips: number, means: Record<string, number[]>, python: boolean): string[] {
  const typical = (xs: number[] = []) => xs.length === 0 ? "—" : median(xs).toFixed(1);
  return [
    `a number i sent and echoed back; ${formatInt(trips)} sequential trips per run, the median ` +
    "trip of each run is a sample; runs of the floor and the Pipe are interleaved",
    `mean trip, median over runs: floor ${typical(means.floor)} µs, Pipe ${
      typical(means.pipe)
    } µs` +
    (python ? `, Python ${typical(means.python)} µs` : ""),
    "Pipe: `send(i)` / `await recv()` on the main thread's end; the worker's end is a proxy, " +
    "so each of its recv() is a request to the relay in the main thread (answered as soon as " +
    "the value arrives) and each send() a message to it; a thread waiting on a worker " +
    "watches a doorbell in shared memory for up to 50 µs instead of parking at once " +
    "(lib/channel/doorbell.ts), while the floor's threads park",
    python
      ? "target: no slower than Python's Pipe round trip measured in this run (quoted: 23–50 µs)"
      : `target: no slower than Python's Pipe round trip, ${QUOTED_PYTHON_TRIP_US} µs as quoted ` +
        "(23–50 µs); python3 was not found to measure it",
    "a trip is mostly thread wake-ups; on a virtual machine waking a thread on another, halted " +
    "vCPU costs tens of µs, so trips vary with thread placement and load (try `taskset -c 0`)",
    ...(python ? [] : [pythonMissingNote("Pipe round-trip")]),
  ];
}

/** Round trip of a small message: Python, the floor, and the Pipe to a worker's Connection. */
export async function pipeLatencySection(p: Parameters, s: SharedSizes): Promise<Section> {
  const { trips } = s.pipe;
  const { summaries, means } = await measure(p, trips);
  const python = p.python === null ? null : await pythonFigure(p.python, p, trips);
  const floor = figure({
    id: "pipe.floor_round_trip",
    label: "MessageChannel ↔ bare worker (floor)",
    unit: "µs",
    summary: summaries.floor,
    role: "floor",
    extra: { meanPerRun: means.floor },
  });
  const target = python === null
    ? { kind: "max" as const, value: QUOTED_PYTHON_TRIP_US, source: "Python, as quoted" }
    : { kind: "max" as const, value: python.summary.median, source: "Python, this run" };
  const pipe = figure({
    id: "pipe.round_trip",
    label: "Pipe ↔ worker's Connection (task argument)",
    unit: "µs",
    summary: summaries.pipe,
    target,
    compare: [{ name: "python", figure: python }, { name: "floor", figure: floor }],
    extra: { meanPerRun: means.pipe },
  });
  const pythonMeans = (python?.extra?.meanPerRun ?? []) as number[];
  return {
    title: `Pipe round trip of a small message, main thread ↔ one worker (µs per trip)`,
    figures: python === null ? [floor, pipe] : [python, floor, pipe],
    notes: notes(trips, { ...means, python: pythonMeans }, python !== null),
  };
}

/** The run flags of `bench/python/pipe.py`. */
export function runFlags(p: Parameters): Record<string, number> {
  return { runs: p.runs, warmup: p.warmup, seed: p.seed };
}
