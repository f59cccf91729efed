/**
 * Sections: a Pipe's round trip of a small message and its throughput in 1 MiB messages, main
 * thread ↔ a pool worker using the Connection it was handed as a task argument (so proxied
 * through a relay in the main thread), against a bare MessageChannel to a bare worker (the
 * floor) and Python's `multiprocessing.Pipe` between a parent and a child process.
 *
 * @module
 */
import { type Connection, Pipe, type Pool, RandomState } from "../../../mod.ts";
import { check } from "../check.ts";
import { interleave, median, type RunOptions, summarize } from "../stats.ts";
import { RawChannel } from "./channel.ts";
import { startPool } from "./common.ts";
import { usePool } from "../pool/pools.ts";
import { pythonMissingNote, runPython } from "./python.ts";
import { type Figure, figure, formatInt } from "../report.ts";
import type { Context, Parameters, Section } from "./types.ts";
import { pipeEcho, pipeSink, pipeSource, sparseChecksum } from "./work.ts";

/** Python's Pipe round trip as quoted in the issue: the target when python3 is missing. */
const QUOTED_PYTHON_TRIP_US = 50;
const TARGET_GB_PER_S = 4;

/** What `bench/python/pipe.py --mode latency` prints. */
interface PythonLatency {
  readonly python: string;
  readonly start_method: string;
  /** Median trip of each measured run, µs. */
  readonly samples: number[];
  /** Mean trip of each measured run, µs. */
  readonly means: number[];
}

/** What `bench/python/pipe.py --mode throughput` prints. */
interface PythonThroughput {
  readonly python: string;
  readonly start_method: string;
  /** GB/s of each measured run. */
  readonly samples: number[];
}

/**
 * Runs `use` with a new pipe whose second end goes to the worker task that `start` begins, then
 * closes both ends. If the task fails, the main thread's end is closed at once, so a receive
 * waiting for the task's messages ends instead of hanging, and the task's error is thrown.
 * (Not a race against the task per receive: a race left pending retains what it resolved to,
 * 256 MiB per throughput run, and the garbage collector's work showed in the figures.)
 */
async function withPipeTask<T>(
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

/** `trips` sequential awaited calls: the median trip (µs), recording each run's mean trip. */
async function roundTrips(
  trips: number,
  call: (i: number) => Promise<unknown>,
): Promise<{ median: number; mean: number }> {
  const times = new Array<number>(trips);
  const start = performance.now();
  for (let i = 0; i < trips; i++) {
    const t0 = performance.now();
    const value = await call(i);
    times[i] = (performance.now() - t0) * 1000;
    if (value !== i) check(false, `round trip ${i} came back as ${value}`);
  }
  return { median: median(times), mean: (performance.now() - start) * 1000 / trips };
}

function pipeTrips(pool: Pool, trips: number, means: number[]) {
  return (run: number) =>
    withPipeTask((theirs) => pool.apply(pipeEcho, [theirs, trips]), async (mine, task) => {
      const stats = await roundTrips(trips, (i) => {
        mine.send(i);
        return mine.recv();
      });
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
    });
    if (run >= 0) means.push(stats.mean);
    return stats.median;
  };
}

/** Round trip of a small message: Python, the floor, and the Pipe to a worker's Connection. */
export async function pipeLatencySection(ctx: Context, opts: RunOptions): Promise<Section> {
  const { trips } = ctx.params.pipe;
  const means = { floor: [] as number[], pipe: [] as number[] };
  const raw = new RawChannel();
  let summaries;
  try {
    summaries = await usePool(startPool(1), (pool) =>
      interleave(opts, {
        floor: floorTrips(raw, trips, means.floor),
        pipe: pipeTrips(pool, trips, means.pipe),
      }));
  } finally {
    raw.terminate();
  }

  const notes: string[] = [];
  let python: Figure | null = null;
  let pythonMeans: number[] = [];
  if (ctx.python === null) {
    notes.push(pythonMissingNote("Pipe round-trip"));
  } else {
    const out = await runPython<PythonLatency>(ctx.python, "pipe.py", [
      "--mode",
      "latency",
      "--trips",
      String(trips),
      ...runArgs(ctx.params),
    ]);
    pythonMeans = out.means;
    python = figure({
      id: "pipe.python_round_trip",
      label: "Python Pipe, parent ↔ child process",
      unit: "µs",
      summary: summarize(out.samples),
      extra: { meanPerRun: out.means, startMethod: out.start_method },
    });
  }

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
  const figures = [
    ...(python === null ? [] : [python]),
    floor,
    figure({
      id: "pipe.round_trip",
      label: "Pipe ↔ worker's Connection (task argument)",
      unit: "µs",
      summary: summaries.pipe,
      target,
      compare: [{ name: "python", figure: python }, { name: "floor", figure: floor }],
      extra: { meanPerRun: means.pipe },
    }),
  ];
  const typical = (xs: number[]) => xs.length === 0 ? "—" : median(xs).toFixed(1);
  notes.unshift(
    `a number i sent and echoed back; ${formatInt(trips)} sequential trips per run, the median ` +
      "trip of each run is a sample; runs of the floor and the Pipe are interleaved",
    `mean trip, median over runs: floor ${typical(means.floor)} µs, Pipe ${
      typical(means.pipe)
    } µs` +
      (python === null ? "" : `, Python ${typical(pythonMeans)} µs`),
    "Pipe: `send(i)` / `await recv()` on the main thread's end; the worker's end is a proxy, " +
      "so each of its recv() is a request to the relay in the main thread (answered as soon as " +
      "the value arrives) and each send() a message to it; a thread waiting on a worker " +
      "watches a doorbell in shared memory for up to 50 µs instead of parking at once " +
      "(lib/channel/doorbell.ts), while the floor's threads park",
    python === null
      ? `target: no slower than Python's Pipe round trip, ${QUOTED_PYTHON_TRIP_US} µs as quoted ` +
        "(23–50 µs); python3 was not found to measure it"
      : "target: no slower than Python's Pipe round trip measured in this run (quoted: 23–50 µs)",
    "a trip is mostly thread wake-ups; on a virtual machine waking a thread on another, halted " +
      "vCPU costs tens of µs, so trips vary with thread placement and load (try `taskset -c 0`)",
  );
  return {
    title: `Pipe round trip of a small message, main thread ↔ one worker (µs per trip)`,
    figures,
    notes,
  };
}

// ---------------------------------------------------------------------------------------------
// Throughput

/** The seeded payload: `randint(0, 256, size)` as bytes. */
export function payloadBytes(seed: number, size: number): Uint8Array {
  return Uint8Array.from(new RandomState(seed).randint(0, 256, size));
}

function runArgs(p: Parameters): string[] {
  return ["--runs", String(p.runs), "--warmup", String(p.warmup), "--seed", String(p.seed)];
}

interface Flow {
  readonly payload: Uint8Array;
  readonly messages: number;
  readonly window: number;
  readonly ackEvery: number;
  /** The sum of every message's sparse checksum. */
  readonly checksum: number;
}

/** GB/s of `messages` × payload moved in `seconds`. */
function gbPerSecond(flow: Flow, seconds: number): number {
  return flow.messages * flow.payload.length / seconds / 1e9;
}

/**
 * Sends `flow.messages` copies with `send`, at most `window` ahead of the acks `recvAck` gets;
 * returns the seconds until the last ack.
 */
async function sendFlow(
  flow: Flow,
  send: () => void,
  recvAck: () => Promise<unknown>,
): Promise<number> {
  const start = performance.now();
  let sent = 0;
  let acked = 0;
  while (acked < flow.messages) {
    while (sent < flow.messages && sent - acked < flow.window) {
      send();
      sent++;
    }
    acked = await recvAck() as number;
  }
  return (performance.now() - start) / 1000;
}

/** Receives `flow.messages` messages, acking as the senders expect; seconds to the last one. */
async function receiveFlow(
  flow: Flow,
  recv: () => Promise<Uint8Array>,
  ack: (count: number) => void,
): Promise<number> {
  const start = performance.now();
  let checksum = 0;
  for (let i = 1; i <= flow.messages; i++) {
    checksum += sparseChecksum(await recv());
    if (i % flow.ackEvery === 0 || i === flow.messages) ack(i);
  }
  const seconds = (performance.now() - start) / 1000;
  check(checksum === flow.checksum, "bytes received differ from the bytes sent");
  return seconds;
}

function pipeToWorker(pool: Pool, flow: Flow) {
  return () =>
    withPipeTask((theirs) => pool.apply(pipeSink, [theirs, flow.messages, flow.ackEvery]), async (
      mine,
      task,
    ) => {
      check(await mine.recv() === "ready", "sink ready");
      const seconds = await sendFlow(flow, () => mine.sendBytes(flow.payload), () => mine.recv());
      check(await task === flow.checksum, "bytes received differ from the bytes sent");
      return gbPerSecond(flow, seconds);
    });
}

function pipeFromWorker(pool: Pool, flow: Flow) {
  return () =>
    withPipeTask(
      (theirs) => pool.apply(pipeSource, [theirs, flow.payload, flow.messages, flow.window]),
      async (mine, task) => {
        check(await mine.recv() === "ready", "source ready");
        const seconds = await receiveFlow(flow, () => mine.recvBytes(), (i) => mine.send(i));
        check(await task === flow.messages, "source task result");
        return gbPerSecond(flow, seconds);
      },
    );
}

function floorToWorker(raw: RawChannel, flow: Flow) {
  return async () => {
    raw.send({ op: "sink", messages: flow.messages, ackEvery: flow.ackEvery });
    check(await raw.recv() === "ready", "floor sink ready");
    const seconds = await sendFlow(flow, () => raw.sendCopy(flow.payload), () => raw.recv());
    const end = await raw.recv() as { checksum: number };
    check(end.checksum === flow.checksum, "bytes received differ from the bytes sent");
    return gbPerSecond(flow, seconds);
  };
}

function floorFromWorker(raw: RawChannel, flow: Flow) {
  return async () => {
    raw.send({ op: "source", payload: flow.payload, messages: flow.messages, window: flow.window });
    check(await raw.recv() === "ready", "floor source ready");
    const seconds = await receiveFlow(
      flow,
      () => raw.recv() as Promise<Uint8Array>,
      (i) => raw.send(i),
    );
    return gbPerSecond(flow, seconds);
  };
}

/** GB/s of 1 MiB messages each way: Python, the floor, and the Pipe to a worker's Connection. */
export async function pipeThroughputSection(ctx: Context, opts: RunOptions): Promise<Section> {
  const p = ctx.params;
  const { messageBytes, messages, window, ackEvery } = p.pipe;
  const payload = payloadBytes(p.seed, messageBytes);
  const flow: Flow = {
    payload,
    messages,
    window,
    ackEvery,
    checksum: messages * sparseChecksum(payload),
  };
  const raw = new RawChannel();
  let summaries;
  try {
    summaries = await usePool(startPool(1), (pool) =>
      interleave(opts, {
        floorTo: floorToWorker(raw, flow),
        floorFrom: floorFromWorker(raw, flow),
        pipeTo: pipeToWorker(pool, flow),
        pipeFrom: pipeFromWorker(pool, flow),
      }));
  } finally {
    raw.terminate();
  }

  const notes: string[] = [];
  let python: Figure | null = null;
  if (ctx.python === null) {
    notes.push(pythonMissingNote("Pipe throughput"));
  } else {
    const out = await runPython<PythonThroughput>(ctx.python, "pipe.py", [
      "--mode",
      "throughput",
      "--messages",
      String(messages),
      "--bytes",
      String(messageBytes),
      ...runArgs(p),
    ]);
    python = figure({
      id: "pipe.python_throughput",
      label: "Python send_bytes, parent → child",
      unit: "GB/s",
      summary: summarize(out.samples),
      extra: { startMethod: out.start_method },
    });
  }

  const floorTo = figure({
    id: "pipe.floor_to_worker",
    label: "MessageChannel, main → worker (floor)",
    unit: "GB/s",
    summary: summaries.floorTo,
    role: "floor",
  });
  const floorFrom = figure({
    id: "pipe.floor_from_worker",
    label: "MessageChannel, worker → main (floor)",
    unit: "GB/s",
    summary: summaries.floorFrom,
    role: "floor",
  });
  const target = { kind: "min" as const, value: TARGET_GB_PER_S };
  const figures = [
    ...(python === null ? [] : [python]),
    floorTo,
    floorFrom,
    figure({
      id: "pipe.throughput_to_worker",
      label: "Pipe sendBytes, main → worker's Connection",
      unit: "GB/s",
      summary: summaries.pipeTo,
      target,
      compare: [{ name: "python", figure: python }, { name: "floor", figure: floorTo }],
    }),
    figure({
      id: "pipe.throughput_from_worker",
      label: "Pipe sendBytes, worker's Connection → main",
      unit: "GB/s",
      summary: summaries.pipeFrom,
      target,
      compare: [{ name: "python", figure: python }, { name: "floor", figure: floorFrom }],
    }),
  ];
  notes.unshift(
    `${messages} messages × ${formatInt(messageBytes)} bytes per run (seed ${p.seed}: ` +
      `randint(0, 256, ${formatInt(messageBytes)})); GB/s = 10⁹ bytes/s, from the "ready" of ` +
      "the other side to the last message received (or acknowledged, when sending)",
    `flow control: the sender stays at most ${window} messages ahead; the receiver acknowledges ` +
      `every ${ackEvery}th; Python's OS pipe needs none (send_bytes blocks when the pipe is full)`,
    "every message is copied once by its sender, as sendBytes does (the floor: slice() and " +
      "transfer); the receiver checks every 4096th byte of each message",
    "main → worker: each recvBytes() of the worker's proxy is a request to the relay in the " +
      "main thread, which answers with the bytes (moved, not copied again); worker → main: the " +
      "proxy's sendBytes() goes through the relay, with no answer awaited",
    "runs of the four Deno figures are interleaved" +
      (python === null ? "" : "; Python (bench/python/pipe.py) makes its own warm-up and runs"),
  );
  return {
    title: `Pipe throughput, ${
      formatInt(messageBytes)
    }-byte messages via sendBytes/recvBytes (GB/s)`,
    figures,
    notes,
  };
}
