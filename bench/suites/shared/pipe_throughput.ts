/**
 * Section: a Pipe's throughput in 1 MiB messages each way, main thread ↔ a pool worker using the
 * Connection it was handed as a task argument, against a bare MessageChannel to a bare worker
 * (the floor) and Python's `multiprocessing.Pipe` `send_bytes` from a parent to a child process.
 * A run is a flow of byte messages with a window of unacknowledged ones; the bytes are checked.
 *
 * @module
 */
import { random } from "../../../numeric.ts";
import { minorFaults } from "../../harness/faults.ts";
import { type Figure, figure, formatInt, type Section } from "../../harness/figure.ts";
import { pythonMissingNote } from "../../harness/python.ts";
import { check, interleave, median, type Stat } from "../../harness/stats.ts";
import type { Parameters } from "../../harness/suite.ts";
import { pythonFigure, type SharedSizes } from "./common.ts";
import { type Runner, withRunners } from "./pipe.ts";
import { pipeSink, pipeSource, sparseChecksum } from "./work.ts";

/** The target: this share of the bare MessageChannel's rate, the same way, in the same run. */
const SHARE_OF_FLOOR = 0.9;

/** A run's sizes, its payload, and the sum of the sparse checksums of its messages. */
type Flow = SharedSizes["pipe"] & { payload: Uint8Array; checksum: number };

/** Page faults per message of each contender's measured runs (see {@linkcode counted}). */
type Faults = Record<string, number[]>;

/** `run`, noting the process's page faults per message of its measured runs in `faults[name]`. */
function counted(
  faults: Faults,
  name: string,
  flow: Flow,
  run: () => Promise<number>,
): (index: number) => Promise<number> {
  return async (index) => {
    const before = minorFaults();
    const gbs = await run();
    const after = minorFaults();
    if (index >= 0 && before !== null && after !== null) {
      (faults[name] ??= []).push((after - before) / flow.messages);
    }
    return gbs;
  };
}

/** GB/s of the flow's bytes moved since `start` (ms). */
function gbPerSecond(flow: Flow, start: number): number {
  return flow.messages * flow.payload.length / ((performance.now() - start) / 1000) / 1e9;
}

/** A run to the worker: after the sink's "ready", the flow, at most `window` ahead of the acks. */
function toWorker(flow: Flow, runner: Runner): () => Promise<number> {
  return () =>
    runner(pipeSink, [flow.messages, flow.ackEvery], async (mine, result) => {
      check(await mine.recv() === "ready", "sink ready");
      const start = performance.now();
      for (let sent = 0, acked = 0; acked < flow.messages;) {
        for (; sent < flow.messages && sent - acked < flow.window; sent++) {
          mine.sendBytes(flow.payload);
        }
        acked = await mine.recv() as number;
      }
      const gbs = gbPerSecond(flow, start);
      check(await result === flow.checksum, "bytes received differ from the bytes sent");
      return gbs;
    });
}

/** A run from the worker: after the source's "ready", the flow, acked as the source expects. */
function fromWorker(flow: Flow, runner: Runner): () => Promise<number> {
  return () =>
    runner(pipeSource, [flow.payload, flow.messages, flow.window], async (mine, result) => {
      check(await mine.recv() === "ready", "source ready");
      const start = performance.now();
      let checksum = 0;
      for (let i = 1; i <= flow.messages; i++) {
        checksum += sparseChecksum(await mine.recvBytes());
        if (i % flow.ackEvery === 0 || i === flow.messages) mine.send(i);
      }
      const gbs = gbPerSecond(flow, start);
      check(checksum === flow.checksum, "bytes received differ from the bytes sent");
      check(await result === flow.messages, "source task result");
      return gbs;
    });
}

/** GB/s of 1 MiB messages each way: Python, the floor, and the Pipe to a worker's Connection. */
export async function pipeThroughputSection(p: Parameters, s: SharedSizes): Promise<Section> {
  const { messageBytes, messages, window, ackEvery } = s.pipe;
  // The seeded payload: `randint(0, 256, size)` as bytes.
  const payload = Uint8Array.from(new random.RandomState(p.seed).randint(0, 256, messageBytes));
  const flow = { ...s.pipe, payload, checksum: messages * sparseChecksum(payload) };
  const faults: Faults = {};
  const gbs = await withRunners((pipe, floor) =>
    interleave(p, {
      floorTo: counted(faults, "floorTo", flow, toWorker(flow, floor)),
      floorFrom: counted(faults, "floorFrom", flow, fromWorker(flow, floor)),
      pipeTo: counted(faults, "pipeTo", flow, toWorker(flow, pipe)),
      pipeFrom: counted(faults, "pipeFrom", flow, fromWorker(flow, pipe)),
    })
  );
  const perMessage = (name: string) => median(faults[name] ?? []).toFixed(0);
  const python = await pythonFigure(p, "pipe.py", {
    mode: "throughput",
    messages,
    bytes: messageBytes,
    seed: p.seed,
  }, { id: "pipe.python_throughput", label: "Python send_bytes, parent → child", unit: "GB/s" });
  /** A floor, or with the floor it is compared with, a Pipe figure. */
  const gb = (id: string, label: string, summary: Stat, floor?: Figure): Figure =>
    figure({
      id,
      label,
      unit: "GB/s",
      summary,
      ...(floor === undefined ? { role: "floor" } : {
        target: {
          kind: "min",
          value: SHARE_OF_FLOOR * floor.summary.median,
          source: `${SHARE_OF_FLOOR}× the MessageChannel floor, this run`,
        },
        compare: [{ name: "python", figure: python }, { name: "floor", figure: floor }],
      }),
    });
  const to = gb("pipe.floor_to_worker", "MessageChannel, main → worker (floor)", gbs.floorTo);
  const from = gb("pipe.floor_from_worker", "MessageChannel, worker → main (floor)", gbs.floorFrom);
  const figures = [
    to,
    from,
    gb("pipe.throughput_to_worker", "Pipe sendBytes, main → worker's Connection", gbs.pipeTo, to),
    gb(
      "pipe.throughput_from_worker",
      "Pipe sendBytes, worker's Connection → main",
      gbs.pipeFrom,
      from,
    ),
  ];
  const bytes = formatInt(messageBytes);
  return {
    title: `Pipe throughput, ${bytes}-byte messages via sendBytes/recvBytes (GB/s)`,
    figures: python === null ? figures : [python, ...figures],
    notes: [
      `${messages} messages × ${bytes} bytes per run (seed ${p.seed}: randint(0, 256, ${bytes})); ` +
      `GB/s = 10⁹ bytes/s, from the "ready" of the other side to the last message received (or ` +
      "acknowledged, when sending)",
      `flow control: the sender stays at most ${window} messages ahead; the receiver ` +
      `acknowledges every ${ackEvery}th; Python's OS pipe needs none (send_bytes blocks when ` +
      "the pipe is full)",
      "every message is copied once by its sender, as sendBytes does (the floor: slice() and " +
      "transfer); the receiver checks every 4096th byte of each message",
      "main → worker: each recvBytes() of the worker's proxy is a request to the relay in the " +
      "main thread, which answers with the bytes (moved, not copied again); worker → main: the " +
      "proxy's sendBytes() goes through the relay, with no answer awaited",
      `target: ≥ ${SHARE_OF_FLOOR}× the bare MessageChannel's rate the same way, in this run`,
      ...(faults.floorTo === undefined ? [] : [
        "page faults per message (the process's, median of the runs; a fresh 1 MiB copy that " +
        `faults on every page takes 256): floor ${perMessage("floorTo")} → worker, ` +
        `${perMessage("floorFrom")} → main; Pipe ${perMessage("pipeTo")} → worker, ` +
        `${perMessage("pipeFrom")} → main`,
      ]),
      "runs of the four Deno figures are interleaved" +
      (python ? "; Python (bench/python/pipe.py) makes its own warm-up and runs" : ""),
      ...(python ? [] : [pythonMissingNote("Pipe throughput")]),
    ],
  };
}
