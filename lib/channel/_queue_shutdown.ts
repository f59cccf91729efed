// Internal to the queue classes: what `shutdown()` does to a queue's shared memory (seen by
// every thread holding the queue), and the errors of a shut-down queue and of a closed handle.
//
// shutdown() never waits for the queue's locks: the thread calling it may itself hold one across
// an `await` (an async put or get of its own that waited for the lock and has not resumed yet),
// and blocking would then deadlock. So it publishes its state in a cell that every put and get
// reads under its lock. A put already past that check when the state changes completes;
// shutdown(true) must still drop its value, so every holder of either lock, once it has released
// it, looks for values left in a queue shut down immediately and drops them under the read lock
// ({@linkcode dropLeftovers}): whoever held the read lock when a put or shutdown() could not
// take it does that after its release.
import { OwnerDiedError, ShutDown } from "../errors.ts";
import { DONE, GET_SEQ, PUT_SEQ, type QueueMemory, SHUT_DOWN } from "./_queue_memory.ts";
import { discardAll, recordCount, recordsWritten } from "./ring.ts";

/** States of the `SHUT_DOWN` cell. */
export const ALIVE = 0;
export const SHUT = 1;
export const SHUT_IMMEDIATELY = 2;

/** The queue's shutdown state: {@linkcode ALIVE}, {@linkcode SHUT} or {@linkcode SHUT_IMMEDIATELY}. */
export function shutdownState(signals: Int32Array<SharedArrayBuffer>): number {
  return Atomics.load(signals, SHUT_DOWN);
}

/** Publishes a shutdown (never undoing an immediate one) and wakes every waiting put and get. */
export function publishShutdown(memory: QueueMemory, immediate: boolean): void {
  const { signals } = memory;
  if (immediate) Atomics.store(signals, SHUT_DOWN, SHUT_IMMEDIATELY);
  else Atomics.compareExchange(signals, SHUT_DOWN, ALIVE, SHUT);
  // Each waiter looks again, sees the state and throws ShutDown (a getter once it is empty).
  for (const cell of [PUT_SEQ, GET_SEQ]) {
    Atomics.add(signals, cell, 1);
    Atomics.notify(signals, cell);
  }
  dropLeftovers(memory);
}

/**
 * Called holding the read lock: drops every queued value of a queue shut down immediately, marking
 * each done for a JoinableQueue as Python does (never more than are unfinished: `taskDone()`
 * may have run early), so `join()` can return.
 */
export function dropQueued(memory: QueueMemory): void {
  if (shutdownState(memory.signals) !== SHUT_IMMEDIATELY) return;
  const dropped = discardAll(memory.ring);
  if (dropped === null || dropped === 0) return; // null: refused, this thread was terminated
  const { signals } = memory;
  for (;;) {
    const done = Atomics.load(signals, DONE);
    const unfinished = (recordsWritten(memory.ring) - done) >>> 0;
    const marked = Math.min(dropped, unfinished);
    if (Atomics.compareExchange(signals, DONE, done, (done + marked) | 0) === done) break;
  }
  Atomics.notify(signals, DONE);
}

/**
 * Called after releasing a lock (and by shutdown()): drops the values left in a queue shut
 * down immediately, if the read lock is free now; if not, its holder does it after its release.
 * (A put completing after shutdown(true) commits, then comes here: either it takes the read lock
 * and drops its value, or the holder it found looks after its own release and sees the value.)
 */
export function dropLeftovers(memory: QueueMemory): void {
  const { readLock: lock, ring, signals } = memory;
  while (shutdownState(signals) === SHUT_IMMEDIATELY && recordCount(ring) > 0) {
    try {
      if (!lock.acquireSync(0)) return;
    } catch (error) {
      if (error instanceof OwnerDiedError) continue; // taken over: the lock is free again
      throw error;
    }
    try {
      dropQueued(memory);
    } finally {
      lock.release();
    }
  }
}

/** The error of a put (or of a get from an empty queue) after `shutdown()`. */
export function shutDownError(method: string, what: "put" | "get"): ShutDown {
  return new ShutDown(
    what === "put"
      ? `${method}: the queue was shut down (shutdown() was called), so nothing more can be put`
      : `${method}: the queue was shut down (shutdown() was called) and is empty`,
  );
}

/** The error of a put or get through a handle whose `close()` was called: Python's ValueError. */
export function closedError(method: string): RangeError {
  return new RangeError(
    `${method}: this Queue is closed: close() was called on this handle, so it can no longer ` +
      "put or get (Python raises ValueError here). Handles of the same queue in other workers " +
      "are not affected; to stop every thread, call shutdown() instead",
  );
}
