/**
 * Section: a Pipe's throughput in 1 MiB messages each way, main thread ↔ a pool worker using the
 * Connection it was handed as a task argument, against a bare MessageChannel to a bare worker
 * (the floor) and Python's `multiprocessing.Pipe` `send_bytes` from a parent to a child process.
 *
 * @module
 */
import { type Figure, figure, formatInt, type Section } from "../../harness/figure.ts";
import { type Python, pythonMissingNote, runPythonSamples } from "../../harness/python.ts";
import { interleave, type Stat, summarize } from "../../harness/stats.ts";
import type { Parameters } from "../../harness/suite.ts";
import { usePool } from "../pool/pools.ts";
import { RawChannel } from "./channel.ts";
import { startPool } from "./common.ts";
import {
  floorFromWorker,
  floorToWorker,
  type Flow,
  payloadBytes,
  pipeFromWorker,
  pipeToWorker,
} from "./flow.ts";
import { runFlags } from "./pipe.ts";
import type { SharedSizes } from "./sizes.ts";
import { sparseChecksum } from "./work.ts";

const TARGET_GB_PER_S = 4;

/** GB/s of each Deno contender, runs interleaved. */
async function measure(p: Parameters, flow: Flow): Promise<Record<string, Stat>> {
  const raw = new RawChannel();
  try {
    return await usePool(startPool(1), (pool) =>
      interleave(p, {
        floorTo: floorToWorker(raw, flow),
        floorFrom: floorFromWorker(raw, flow),
        pipeTo: pipeToWorker(pool, flow),
        pipeFrom: pipeFromWorker(pool, flow),
      }));
  } finally {
    raw.terminate();
  }
}

async function pythonFigure(python: Python, p: Parameters, s: SharedSizes): Promise<Figure> {
  const { messages, messageBytes } = s.pipe;
  const out = await runPythonSamples(python, "pipe.py", {
    mode: "throughput",
    messages,
    bytes: messageBytes,
    ...runFlags(p),
  });
  return figure({
    id: "pipe.python_throughput",
    label: "Python send_bytes, parent → child",
    unit: "GB/s",
    summary: summarize(out.samples),
    extra: { startMethod: out.start_method },
  });
}

/** The floors, then the Pipe each way against Python and its floor. */
function figures(summaries: Record<string, Stat>, python: Figure | null): Figure[] {
  const gb = (id: string, label: string, summary: Stat, floor?: Figure) =>
    figure({
      id,
      label,
      unit: "GB/s",
      summary,
      ...(floor === undefined ? { role: "floor" } : {
        target: { kind: "min", value: TARGET_GB_PER_S },
        compare: [{ name: "python", figure: python }, { name: "floor", figure: floor }],
      }),
    });
  const to = gb(
    "pipe.floor_to_worker",
    "MessageChannel, main → worker (floor)",
    summaries.floorTo!,
  );
  const from = gb(
    "pipe.floor_from_worker",
    "MessageChannel, worker → main (floor)",
    summaries.floorFrom!,
  );
  return [
    ...(python === null ? [] : [python]),
    to,
    from,
    gb(
      "pipe.throughput_to_worker",
      "Pipe sendBytes, main → worker's Connection",
      summaries.pipeTo!,
      to,
    ),
    gb(
      "pipe.throughput_from_worker",
      "Pipe sendBytes, worker's Connection → main",
      summaries.pipeFrom!,
      from,
    ),
  ];
}

function notes(p: Parameters, s: SharedSizes, python: boolean): string[] {
  const { messageBytes, messages, window, ackEvery } = s.pipe;
  return [
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
    (python ? "; Python (bench/python/pipe.py) makes its own warm-up and runs" : ""),
    ...(python ? [] : [pythonMissingNote("Pipe throughput")]),
  ];
}

/** GB/s of 1 MiB messages each way: Python, the floor, and the Pipe to a worker's Connection. */
export async function pipeThroughputSection(p: Parameters, s: SharedSizes): Promise<Section> {
  const { messageBytes, messages, window, ackEvery } = s.pipe;
  const payload = payloadBytes(p.seed, messageBytes);
  const checksum = messages * sparseChecksum(payload);
  const summaries = await measure(p, { payload, messages, window, ackEvery, checksum });
  const python = p.python === null ? null : await pythonFigure(p.python, p, s);
  return {
    title: `Pipe throughput, ${
      formatInt(messageBytes)
    }-byte messages via sendBytes/recvBytes (GB/s)`,
    figures: figures(summaries, python),
    notes: notes(p, s, python !== null),
  };
}
