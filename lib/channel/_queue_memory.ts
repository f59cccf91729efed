// Internal to the queue classes (not re-exported by mod.ts): the shared memory of a queue, and
// how a worker finds it again in the state it was sent.
import type { Lock } from "../shared/lock.ts";
import { reviveRecord, type SharedRecord } from "../wire/codec.ts";
import { type RingMemory, ringOver } from "./ring.ts";

/** Signal cells: sequence numbers bumped after every put and get (futex words)… */
export const PUT_SEQ = 0;
export const GET_SEQ = 1;
/**
 * …`taskDone()` calls so far, mod 2^32 (JoinableQueue: the values put, counted by the ring, minus
 * these are unfinished), maxsize (0: unbounded), and 1 once `shutdown()` was called (set under
 * the queue's lock, so no put completes after it).
 */
export const DONE = 2;
export const MAXSIZE = 3;
export const SHUT_DOWN = 4;
/**
 * …and how many threads wait for the next put (getters) and for the next get (putters): a put
 * or get wakes waiters only when there are some, so a busy queue makes no futex call per value.
 */
export const PUT_WAITERS = 5;
export const GET_WAITERS = 6;
export const SIGNAL_CELLS = 7;

/** A queue's memory: its lock, its byte ring and its signal cells. */
export interface QueueMemory {
  readonly lock: Lock;
  readonly ring: RingMemory;
  readonly signals: Int32Array<SharedArrayBuffer>;
}

/** The memory that `state`, a queue's record state sent to this thread, describes. */
export function queueMemoryOf(state: unknown): QueueMemory {
  const { lock, header, bytes, signals } = state as {
    lock: SharedRecord;
    header: SharedArrayBuffer;
    bytes: SharedArrayBuffer;
    signals: SharedArrayBuffer;
  };
  return {
    lock: reviveRecord(lock) as Lock,
    ring: ringOver(header, bytes),
    signals: new Int32Array(signals),
  };
}
