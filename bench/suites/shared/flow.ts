/**
 * The runs of the throughput section: a flow of byte messages with a window of unacknowledged
 * ones, through a Pipe to (or from) a worker's Connection, or through a bare MessageChannel (the
 * floor); each run returns its GB/s, the bytes checked.
 *
 * @module
 */
import type { Pool } from "../../../mod.ts";
import { RandomState } from "../../../numeric.ts";
import { check } from "../../harness/stats.ts";
import type { RawChannel } from "./channel.ts";
import { withPipeTask } from "./pipe.ts";
import { pipeSink, pipeSource, sparseChecksum } from "./work.ts";

/** The seeded payload: `randint(0, 256, size)` as bytes. */
export function payloadBytes(seed: number, size: number): Uint8Array {
  return Uint8Array.from(new RandomState(seed).randint(0, 256, size));
}

export interface Flow {
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

export function pipeToWorker(pool: Pool, flow: Flow) {
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

export function pipeFromWorker(pool: Pool, flow: Flow) {
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

export function floorToWorker(raw: RawChannel, flow: Flow) {
  return async () => {
    raw.send({ op: "sink", messages: flow.messages, ackEvery: flow.ackEvery });
    check(await raw.recv() === "ready", "floor sink ready");
    const seconds = await sendFlow(flow, () => raw.sendCopy(flow.payload), () => raw.recv());
    const end = await raw.recv() as { checksum: number };
    check(end.checksum === flow.checksum, "bytes received differ from the bytes sent");
    return gbPerSecond(flow, seconds);
  };
}

export function floorFromWorker(raw: RawChannel, flow: Flow) {
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
