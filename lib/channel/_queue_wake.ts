// Internal to the queue classes: waiting for the next put or get, and announcing one. Waiters
// count themselves in a cell beside the sequence number they wait on, so an announcement makes
// a futex call only when someone waits: with values flowing, producers and consumers rarely
// sleep, and most puts and gets wake nobody.
//
// No wake-up is lost: a waiter counts itself in, then sleeps only while the sequence number
// still holds the value it read before looking at the ring; an announcer bumps the number, then
// reads the count. All four steps are sequentially consistent atomics, so either the announcer
// sees the waiter counted (and wakes it) or the waiter sees the new number (and does not sleep).
// A waiter that dies counted in leaves the count high: announcements then always wake, as they
// did before the count existed, which costs time but never a value.
import { waitAsync, waitSync } from "../shared/wait.ts";
import { type GET_SEQ, GET_WAITERS, PUT_SEQ, PUT_WAITERS } from "./_queue_memory.ts";

type Sequence = typeof PUT_SEQ | typeof GET_SEQ;

function waitersOf(sequence: Sequence): number {
  return sequence === PUT_SEQ ? PUT_WAITERS : GET_WAITERS;
}

/** Bumps `sequence` (a put or get completed) and wakes its waiters, if any. */
export function announce(signals: Int32Array<SharedArrayBuffer>, sequence: Sequence): void {
  Atomics.add(signals, sequence, 1);
  if (Atomics.load(signals, waitersOf(sequence)) !== 0) Atomics.notify(signals, sequence);
}

/** Blocks while `sequence` still holds `seen`, at most `ms`. */
export function awaitSync(
  signals: Int32Array<SharedArrayBuffer>,
  sequence: Sequence,
  seen: number,
  ms: number,
): void {
  const waiters = waitersOf(sequence);
  Atomics.add(signals, waiters, 1);
  try {
    waitSync(signals, sequence, seen, ms);
  } finally {
    Atomics.sub(signals, waiters, 1);
  }
}

/** Waits without blocking while `sequence` still holds `seen`, at most `ms`. */
export async function awaitAsync(
  signals: Int32Array<SharedArrayBuffer>,
  sequence: Sequence,
  seen: number,
  ms: number,
): Promise<void> {
  const waiters = waitersOf(sequence);
  Atomics.add(signals, waiters, 1);
  try {
    await waitAsync(signals, sequence, seen, ms);
  } finally {
    Atomics.sub(signals, waiters, 1);
  }
}
