/**
 * The control block a parent shares with each of its workers: how many units the worker has
 * started, a doorbell, which units are cancelled, and a claim word per unit that decides, by
 * compare-and-swap, whether the worker starts a unit or the parent takes it back. Cancellation
 * lives here, in shared memory, so a task in a synchronous loop can see it with one atomic read:
 * no message has to reach a thread that is not returning to its event loop.
 *
 * @module
 */

/** Why a unit was cancelled, as stored in the block. */
export const CancelReason = { None: 0, Abort: 1, Timeout: 2 } as const;
/** One of {@linkcode CancelReason}'s values. */
export type CancelReason = typeof CancelReason[keyof typeof CancelReason];

/**
 * Most units a worker may hold unanswered. Units are numbered by the order a worker receives
 * them (`seq`) and their words live in slot `seq % MAX_UNANSWERED`: the parent never holds more
 * than this many unanswered units on one worker, so two live units never share a slot.
 */
export const MAX_UNANSWERED = 4096;

const STARTED = 0;
const DOORBELL = 1;
const SEQ_BASE = 2;
const REASON_BASE = SEQ_BASE + MAX_UNANSWERED;
// Claim words: `seq + 1` once the parent took unit `seq` back, `-(seq + 1)` once the worker
// started it; anything else means neither happened yet.
const CLAIM_BASE = REASON_BASE + MAX_UNANSWERED;

/** A worker's control block. */
export type ControlBlock = Int32Array<SharedArrayBuffer>;

/** A fresh, zeroed control block. */
export function newControlBlock(): ControlBlock {
  return new Int32Array(new SharedArrayBuffer(4 * (CLAIM_BASE + MAX_UNANSWERED)));
}

/**
 * Worker side: claims unit `seq` (the worker's own count of units received) and counts it as
 * started. Returns false if the parent took it back first: the worker skips it, unanswered.
 */
export function claimUnit(block: ControlBlock, seq: number): boolean {
  const claimed = claimWord(block, CLAIM_BASE, seq);
  // Counted after the claim: a parent that sees the count also sees the claim.
  Atomics.store(block, STARTED, seq + 1);
  return claimed;
}

/**
 * Parent side: takes unit `seq` back if the worker has not started it. Returns true if it did
 * (the worker will skip it); false if the worker already started it.
 */
export function takeBackUnit(block: ControlBlock, seq: number): boolean {
  return takeBackWord(block, CLAIM_BASE, seq);
}

/**
 * Runner side of a ring of {@linkcode MAX_UNANSWERED} claim words starting at `base` in
 * `words`: claims unit `seq` for running. Returns false if it had been taken back first.
 */
export function claimWord(
  words: Int32Array<SharedArrayBuffer>,
  base: number,
  seq: number,
): boolean {
  return Atomics.exchange(words, base + seq % MAX_UNANSWERED, -(seq + 1)) !== seq + 1;
}

/**
 * Taker side of a claim ring (see {@linkcode claimWord}): takes unit `seq` back unless it was
 * claimed for running. Returns true if it did.
 */
export function takeBackWord(
  words: Int32Array<SharedArrayBuffer>,
  base: number,
  seq: number,
): boolean {
  const index = base + seq % MAX_UNANSWERED;
  const seen = Atomics.load(words, index);
  if (seen === -(seq + 1)) return false;
  return Atomics.compareExchange(words, index, seen, seq + 1) === seen;
}

/** How many units the worker has passed: started, or skipped because they were taken back. */
export function startedCount(block: ControlBlock): number {
  return Atomics.load(block, STARTED);
}

/**
 * Parent side: tells a worker spinning before it parks that another batch is on its way. Call
 * once right after posting each `run` message, and for nothing else: the worker compares the
 * count with the `run` messages it has received to tell whether one is already queued.
 */
export function ring(block: ControlBlock): void {
  Atomics.add(block, DOORBELL, 1);
}

/** The doorbell's count: the `run` messages posted so far, as an int32 that wraps. */
export function doorbell(block: ControlBlock): number {
  return Atomics.load(block, DOORBELL);
}

/** Parent side: marks unit `seq` cancelled. */
export function markCancelled(block: ControlBlock, seq: number, reason: CancelReason): void {
  const slot = seq % MAX_UNANSWERED;
  Atomics.store(block, REASON_BASE + slot, reason);
  // The seq is stored last: a reader that sees it also sees the reason.
  Atomics.store(block, SEQ_BASE + slot, seq + 1);
}

/** Whether (and why) unit `seq` was cancelled. */
export function cancelReasonOf(block: ControlBlock, seq: number): CancelReason {
  const slot = seq % MAX_UNANSWERED;
  if (Atomics.load(block, SEQ_BASE + slot) !== seq + 1) return CancelReason.None;
  return Atomics.load(block, REASON_BASE + slot) as CancelReason;
}
