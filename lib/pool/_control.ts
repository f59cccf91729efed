/**
 * The control block a parent shares with each of its workers: how many units the worker has
 * started, a doorbell, and which units are cancelled. Cancellation lives here, in shared memory,
 * so a task in a synchronous loop can see it with one atomic read: no message has to reach a
 * thread that is not returning to its event loop.
 *
 * @module
 */

/** Why a unit was cancelled, as stored in the block. */
export const CancelReason = { None: 0, Abort: 1, Timeout: 2 } as const;
/** One of {@linkcode CancelReason}'s values. */
export type CancelReason = typeof CancelReason[keyof typeof CancelReason];

const STARTED = 0;
const DOORBELL = 1;
// Units are numbered by the order a worker receives them (`seq`). A cancellation is written to
// slot `seq % RING`: a unit sent more than RING units after another one that is still waiting
// could overwrite that one's mark, and the older unit would then run with its outcome dropped.
const RING = 1024;
const SEQ_BASE = 2;
const REASON_BASE = SEQ_BASE + RING;

/** A worker's control block. */
export type ControlBlock = Int32Array<SharedArrayBuffer>;

/** A fresh, zeroed control block. */
export function newControlBlock(): ControlBlock {
  return new Int32Array(new SharedArrayBuffer(4 * (REASON_BASE + RING)));
}

/** Worker side: counts a unit as started; returns its `seq`. */
export function markStarted(block: ControlBlock): number {
  return Atomics.add(block, STARTED, 1);
}

/** How many units the worker has started. */
export function startedCount(block: ControlBlock): number {
  return Atomics.load(block, STARTED);
}

/** Parent side: tells a worker spinning before it parks that another batch is on its way. */
export function ring(block: ControlBlock): void {
  Atomics.add(block, DOORBELL, 1);
}

/** The doorbell's count, to watch for a ring. */
export function doorbell(block: ControlBlock): number {
  return Atomics.load(block, DOORBELL);
}

/** Parent side: marks unit `seq` cancelled. */
export function markCancelled(block: ControlBlock, seq: number, reason: CancelReason): void {
  const slot = seq % RING;
  Atomics.store(block, REASON_BASE + slot, reason);
  // The seq is stored last: a reader that sees it also sees the reason.
  Atomics.store(block, SEQ_BASE + slot, seq + 1);
}

/** Whether (and why) unit `seq` was cancelled. */
export function cancelReasonOf(block: ControlBlock, seq: number): CancelReason {
  const slot = seq % RING;
  if (Atomics.load(block, SEQ_BASE + slot) !== seq + 1) return CancelReason.None;
  return Atomics.load(block, REASON_BASE + slot) as CancelReason;
}
