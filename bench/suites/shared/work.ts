/**
 * The task functions the benchmark's pools run (each pool's `module` is this file). It imports
 * only types, so workers start lean; the shared objects arrive revived by multiproc itself.
 *
 * Timestamps are `performance.timeOrigin + performance.now()`: milliseconds on one clock that
 * every thread of the process shares, so spans can be taken across workers.
 *
 * @module
 */
import type { Connection, Queue, SharedValue } from "../../../mod.ts";

/** How long a gate waits for the other parties before it gives up (a task was not started). */
const GATE_TIMEOUT_MS = 30_000;
/** Stride of {@linkcode sparseChecksum}. */
const CHECKSUM_STRIDE = 4096;

/** When a worker started and ended its measured loop, on the shared clock (ms). */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** What a consumer took off the queue. */
export interface Consumed extends Span {
  readonly count: number;
  readonly sum: number;
}

/** Milliseconds on a clock shared by every thread of the process. */
export function now(): number {
  return performance.timeOrigin + performance.now();
}

/**
 * A cheap check that bytes arrived intact: the byte count and every 4096th byte. Summing all
 * 1 MiB would cost more than moving it.
 */
export function sparseChecksum(bytes: Uint8Array): number {
  let sum = bytes.length;
  for (let i = 0; i < bytes.length; i += CHECKSUM_STRIDE) sum += bytes[i]! * (1 + (i >> 12));
  return sum;
}

function gateTimeout(parties: number): Error {
  return new Error(
    `gate: not all ${parties} parties arrived within ${GATE_TIMEOUT_MS} ms (tasks not running at once?)`,
  );
}

/**
 * Spin gate: counts this worker in, then spins until all `parties` are in, so they leave it
 * within a cache-line transfer of each other. For as many workers as cores.
 */
export function spinGate(gate: Int32Array, parties: number): void {
  Atomics.add(gate, 0, 1);
  const deadline = performance.now() + GATE_TIMEOUT_MS;
  for (let spins = 1; Atomics.load(gate, 0) < parties; spins++) {
    if ((spins & 0xfffff) === 0 && performance.now() > deadline) throw gateTimeout(parties);
  }
}

/** Blocking gate: like {@linkcode spinGate}, but waits in `Atomics.wait` (more threads than cores). */
export function blockingGate(gate: Int32Array, parties: number): void {
  if (Atomics.add(gate, 0, 1) + 1 >= parties) {
    Atomics.notify(gate, 0);
    return;
  }
  const deadline = performance.now() + GATE_TIMEOUT_MS;
  for (;;) {
    const seen = Atomics.load(gate, 0);
    if (seen >= parties) return;
    if (performance.now() > deadline) throw gateTimeout(parties);
    Atomics.wait(gate, 0, seen, 100);
  }
}

/** `n` × `lock.acquireSync(); v.value = v.value + 1; lock.release()` after the spin gate. */
export function lockedIncrements(
  value: SharedValue<"i">,
  gate: Int32Array,
  parties: number,
  n: number,
): Span {
  const lock = value.getLock();
  spinGate(gate, parties);
  const start = now();
  for (let i = 0; i < n; i++) {
    lock.acquireSync();
    value.value = value.value + 1;
    lock.release();
  }
  return { start, end: now() };
}

/** `n` × `v.withLockSync(() => v.value = v.value + 1)` after the spin gate. */
export function withLockIncrements(
  value: SharedValue<"i">,
  gate: Int32Array,
  parties: number,
  n: number,
): Span {
  const increment = () => value.value = value.value + 1;
  spinGate(gate, parties);
  const start = now();
  for (let i = 0; i < n; i++) value.withLockSync(increment);
  return { start, end: now() };
}

/** `n` × `v.add(1)` (lock-free) after the spin gate. */
export function sharedAdd(
  value: SharedValue<"i">,
  gate: Int32Array,
  parties: number,
  n: number,
): Span {
  spinGate(gate, parties);
  const start = now();
  for (let i = 0; i < n; i++) value.add(1);
  return { start, end: now() };
}

/** `n` × `Atomics.add(cells, 0, 1)` on a bare Int32Array after the spin gate: the ceiling. */
export function atomicsAdd(cells: Int32Array, gate: Int32Array, parties: number, n: number): Span {
  spinGate(gate, parties);
  const start = now();
  for (let i = 0; i < n; i++) Atomics.add(cells, 0, 1);
  return { start, end: now() };
}

/** Echoes `trips` values back through `conn` (a proxy of the main thread's end), then closes it. */
export async function pipeEcho(conn: Connection, trips: number): Promise<number> {
  try {
    for (let i = 0; i < trips; i++) conn.send(await conn.recv());
  } finally {
    conn.close();
  }
  return trips;
}

/**
 * Sends "ready", then receives `messages` byte messages on `conn`, acknowledging every
 * `ackEvery`-th (and the last) with the count so far; returns the sum of their
 * {@linkcode sparseChecksum}s.
 */
export async function pipeSink(
  conn: Connection,
  messages: number,
  ackEvery: number,
): Promise<number> {
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

/**
 * Sends "ready", then `messages` × `sendBytes(payload)` on `conn`, never more than `window`
 * ahead of the counts the other end acknowledges.
 */
export async function pipeSource(
  conn: Connection,
  payload: Uint8Array,
  messages: number,
  window: number,
): Promise<number> {
  try {
    conn.send("ready");
    let sent = 0;
    let acked = 0;
    while (sent < messages) {
      while (sent < messages && sent - acked < window) {
        conn.sendBytes(payload);
        sent++;
      }
      if (sent < messages) acked = await conn.recv() as number;
    }
  } finally {
    conn.close();
  }
  return messages;
}

/** Puts `[i, i]` for i in `first..first+count-1` after the gate. */
export function produce(
  queue: Queue<[number, number] | null>,
  gate: Int32Array,
  parties: number,
  first: number,
  count: number,
): Span {
  blockingGate(gate, parties);
  const start = now();
  for (let i = first; i < first + count; i++) queue.putSync([i, i]);
  return { start, end: now() };
}

/** Gets until the first `null`; counts the messages and sums their first items. */
export function consume(
  queue: Queue<[number, number] | null>,
  gate: Int32Array,
  parties: number,
): Consumed {
  blockingGate(gate, parties);
  const start = now();
  let count = 0;
  let sum = 0;
  for (;;) {
    const message = queue.getSync();
    if (message === null) break;
    if (message[0] !== message[1]) throw new Error(`queue message ${message} is not [i, i]`);
    count++;
    sum += message[0];
  }
  return { start, end: now(), count, sum };
}
