/**
 * The tasks of the shared suite: run by its pools (their `module` is this file) and, the pipe
 * tasks, by the floor's bare worker on a {@linkcode portEnd}. It imports only types, so workers
 * start lean. Times are `performance.timeOrigin + performance.now()`: one clock for all threads.
 *
 * @module
 */
import type { Connection, Queue, SharedValue } from "../../../mod.ts";

/** This module, which the suite's pools run. */
export const WORK_MODULE: URL = new URL(import.meta.url);
/** How long a gate waits for the other parties before it gives up (a task was not started). */
const GATE_TIMEOUT_MS = 30_000;

/** When a worker started and ended its measured loop, on the shared clock (ms). */
export type Span = { readonly start: number; readonly end: number };
/** The ways {@linkcode increments} adds 1 to the shared integer. */
export type IncrementKind = "atomics" | "add" | "locked" | "withLock";
/** What the pipe tasks use of a Connection, which a {@linkcode portEnd} has too. */
export type End = Pick<Connection, "send" | "recv" | "recvBytes" | "close"> & {
  sendBytes(payload: Uint8Array): void;
};

const now = (): number => performance.timeOrigin + performance.now();

/** A fresh Int32 cell in shared memory: a gate counting the parties that arrived, or a counter. */
export function newCell(): Int32Array<SharedArrayBuffer> {
  return new Int32Array(new SharedArrayBuffer(4));
}

/** Seconds from the first start to the last end of `spans`. */
export function spanSeconds(spans: readonly Span[]): number {
  return (Math.max(...spans.map((s) => s.end)) - Math.min(...spans.map((s) => s.start))) / 1000;
}

/** A cheap check that bytes arrived intact: the byte count and every 4096th byte. */
export function sparseChecksum(bytes: Uint8Array): number {
  let sum = bytes.length;
  for (let i = 0; i < bytes.length; i += 4096) sum += bytes[i]! * (1 + (i >> 12));
  return sum;
}

/**
 * Counts this worker in at `gate` (one Int32 cell), then waits until all `parties` are in:
 * spinning, so they leave within a cache-line transfer of each other (as many workers as cores),
 * or else in `Atomics.wait` (more workers than cores).
 */
function passGate(gate: Int32Array, parties: number, spin: boolean): void {
  const deadline = performance.now() + GATE_TIMEOUT_MS;
  let seen = Atomics.add(gate, 0, 1) + 1;
  if (!spin && seen >= parties) Atomics.notify(gate, 0);
  for (let spins = 1; seen < parties; spins++, seen = Atomics.load(gate, 0)) {
    if (!spin) Atomics.wait(gate, 0, seen, 100);
    if ((!spin || (spins & 0xfffff) === 0) && performance.now() > deadline) {
      throw new Error(`gate: not all ${parties} parties arrived within ${GATE_TIMEOUT_MS} ms`);
    }
  }
}

/**
 * `n` increments after the spin gate: `Atomics.add` on a bare Int32Array, or on a SharedValue
 * `v.add(1)`, `acquireSync(); v.value = v.value + 1; release()` or the same via `withLockSync`.
 */
export function increments(
  kind: IncrementKind,
  target: Int32Array | SharedValue<"i">,
  gate: Int32Array,
  parties: number,
  n: number,
): Span {
  const value = target as SharedValue<"i">;
  const lock = kind === "locked" ? value.getLock() : null;
  const increment = () => value.value = value.value + 1;
  passGate(gate, parties, true);
  const start = now();
  switch (kind) {
    case "atomics":
      for (let i = 0; i < n; i++) Atomics.add(target as Int32Array, 0, 1);
      break;
    case "add":
      for (let i = 0; i < n; i++) value.add(1);
      break;
    case "locked":
      for (let i = 0; i < n; i++) {
        lock!.acquireSync();
        value.value = value.value + 1;
        lock!.release();
      }
      break;
    case "withLock":
      for (let i = 0; i < n; i++) value.withLockSync(increment);
  }
  return { start, end: now() };
}

/** Echoes `trips` values back through `conn`, then closes it. */
export async function pipeEcho(conn: End, trips: number): Promise<number> {
  try {
    for (let i = 0; i < trips; i++) conn.send(await conn.recv());
  } finally {
    conn.close();
  }
  return trips;
}

/** Sends "ready", receives `messages` byte messages, acks every `ackEvery`-th and the last. */
export async function pipeSink(conn: End, messages: number, ackEvery: number): Promise<number> {
  let checksum = 0;
  try {
    conn.send("ready");
    for (let i = 1; i <= messages; i++) {
      checksum += sparseChecksum(await conn.recvBytes());
      if (i % ackEvery === 0 || i === messages) conn.send(i);
    }
  } finally {
    conn.close();
  }
  return checksum;
}

/** Sends "ready", then `messages` × `sendBytes(payload)`, at most `window` ahead of the acks. */
export async function pipeSource(
  conn: End,
  payload: Uint8Array,
  messages: number,
  window: number,
): Promise<number> {
  try {
    conn.send("ready");
    let acked = 0;
    for (let sent = 0; sent < messages;) {
      for (; sent < messages && sent - acked < window; sent++) conn.sendBytes(payload);
      if (sent < messages) acked = await conn.recv() as number;
    }
  } finally {
    conn.close();
  }
  return messages;
}

/** Puts `[i, i]` for i in `first..first+count-1` after the blocking gate. */
export function produce(
  queue: Queue<[number, number] | null>,
  gate: Int32Array,
  parties: number,
  first: number,
  count: number,
): Span {
  passGate(gate, parties, false);
  const start = now();
  for (let i = first; i < first + count; i++) queue.putSync([i, i]);
  return { start, end: now() };
}

/** Gets until the first `null`; counts the messages and sums their first items. */
export function consume(
  queue: Queue<[number, number] | null>,
  gate: Int32Array,
  parties: number,
): Span & { count: number; sum: number } {
  passGate(gate, parties, false);
  const start = now();
  let count = 0;
  let sum = 0;
  for (let message = queue.getSync(); message !== null; message = queue.getSync()) {
    if (message[0] !== message[1]) throw new Error(`queue message ${message} is not [i, i]`);
    count++;
    sum += message[0];
  }
  return { start, end: now(), count, sum };
}

/** A bare MessagePort with the methods of a Connection the pipe tasks use: the floor's end. */
export function portEnd(port: MessagePort): End {
  const inbox: unknown[] = [];
  let waiter: ((value: unknown) => void) | null = null;
  port.onmessage = ({ data }) => {
    const resolve = waiter;
    waiter = null;
    if (resolve === null) inbox.push(data);
    else resolve(data);
  };
  // One receive at a time.
  const recv = (): Promise<unknown> =>
    inbox.length > 0 ? Promise.resolve(inbox.shift()) : new Promise((resolve) => waiter = resolve);
  return {
    send: (value) => port.postMessage(value),
    // A copy, moved to the other side, as `Connection.sendBytes` does.
    sendBytes: (payload) => {
      const copy = payload.slice();
      port.postMessage(copy, [copy.buffer]);
    },
    recv,
    recvBytes: () => recv() as Promise<Uint8Array>,
    close: () => port.close(),
  };
}
