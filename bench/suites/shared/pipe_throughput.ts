/**
 * Section: a Pipe's throughput in 1 MiB messages each way, main thread ↔ a pool worker using the
 * Connection it was handed as a task argument, against a bare MessageChannel to a bare worker
 * (the floor) and Python's `multiprocessing.Pipe` `send_bytes` from a parent to a child process.
 *
 * @module
 */
import { type Pool, RandomState } from "../../../mod.ts";
import { type Figure, figure, formatInt, type Section } from "../../harness/figure.ts";
import { pythonMissingNote, runPython } from "../../harness/python.ts";
import { check, interleave, summarize } from "../../harness/stats.ts";
import type { Parameters } from "../../harness/suite.ts";
import { usePool } from "../pool/pools.ts";
import { RawChannel } from "./channel.ts";
import { startPool } from "./common.ts";
import { runArgs, withPipeTask } from "./pipe.ts";
import type { SharedSizes } from "./sizes.ts";
import { pipeSink, pipeSource, sparseChecksum } from "./work.ts";

const TARGET_GB_PER_S = 4;

/** What `bench/python/pipe.py --mode throughput` prints. */
interface PythonThroughput {
  readonly python: string;
  readonly start_method: string;
  /** GB/s of each measured run. */
  readonly samples: number[];
}

/** The seeded payload: `randint(0, 256, size)` as bytes. */
export function payloadBytes(seed: number, size: number): Uint8Array {
  return Uint8Array.from(new RandomState(seed).randint(0, 256, size));
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
export async function pipeThroughputSection(p: Parameters, s: SharedSizes): Promise<Section> {
  const { messageBytes, messages, window, ackEvery } = s.pipe;
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
      interleave(p, {
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
  if (p.python === null) {
    notes.push(pythonMissingNote("Pipe throughput"));
  } else {
    const out = await runPython<PythonThroughput>(p.python, "pipe.py", [
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
