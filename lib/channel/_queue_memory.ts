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
 * these are unfinished), maxsize (0: unbounded), and the shutdown state, which every put and
 * get reads under its lock (see _queue_shutdown.ts).
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
  readonly readLock: Lock;
  readonly ring: RingMemory;
  readonly signals: Int32Array<SharedArrayBuffer>;
}

/** A queue's memory from its parts: every QueueMemory is made here, so all share one shape. */
export function queueMemory(
  lock: Lock,
  readLock: Lock,
  ring: RingMemory,
  signals: Int32Array<SharedArrayBuffer>,
): QueueMemory {
  return { lock, readLock, ring, signals };
}

// V8 records the class of the first object stored in each field of an object shape, and the
// second object stored there generalizes the field, deoptimizing every function compiled
// against it: in a thread's second queue, the whole put/get path, mid-stream (bench:peers
// measures a pool's second queue). Two throwaway memories made at load generalize the fields
// before anything is compiled (ring.ts does the same for its own shape).
for (let i = 0; i < 2; i++) queueMemory(null!, null!, null!, null!);

/** The memory that `state`, a queue's record state sent to this thread, describes. */
export function queueMemoryOf(state: unknown): QueueMemory {
  const { lock, readLock, header, bytes, signals } = state as {
    lock: SharedRecord;
    readLock: SharedRecord;
    header: SharedArrayBuffer;
    bytes: SharedArrayBuffer;
    signals: SharedArrayBuffer;
  };
  return queueMemory(
    reviveRecord(lock) as Lock,
    reviveRecord(readLock) as Lock,
    ringOver(header, bytes),
    new Int32Array(signals),
  );
}
