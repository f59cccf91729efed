/**
 * Python's `multiprocessing.Queue`, `JoinableQueue` and `SimpleQueue`: many producers and many
 * consumers across the main thread and any number of workers, over a byte ring in shared memory.
 * Values travel as `node:v8` serialization, so anything structured clone takes fits.
 *
 * @module
 */
import { deserialize, serialize } from "node:v8";
import { Empty, Full, OwnerDiedError } from "../errors.ts";
import { Lock } from "../shared/lock.ts";
import { refuseIfTerminated } from "../shared/_death.ts";
import {
  noteSharedObject,
  registerShared,
  type SharedRecord,
  toShared,
} from "../shared/transport.ts";
import {
  GET_SEQ,
  MAXSIZE,
  PUT_SEQ,
  type QueueMemory,
  reviveQueueMemory,
  SIGNAL_CELLS,
  takeRevived,
} from "./_queue_memory.ts";
import { deadlineFor, nextSlice, waitAsync, waitSync } from "../shared/wait.ts";
import {
  allocateRing,
  everFits,
  fits,
  MAX_RING_BYTES,
  readRecord,
  recordCount,
  recordsWritten,
  writeRecord,
} from "./ring.ts";

const DEFAULT_CAPACITY = 1 << 20;

/**
 * Options of the queues.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * // 64 bytes of shared memory instead of 1 MiB: room for small values only.
 * const options: QueueOptions = { capacity: 64 };
 * const queue = new Queue<string>(0, options);
 * await queue.put("fits");
 * await assert.rejects(queue.put("x".repeat(100)), RangeError);
 * assert.equal(await queue.get(), "fits");
 * ```
 */
export interface QueueOptions {
  /** Bytes of shared memory for queued values (default 1 MiB); a value must fit in it. */
  capacity?: number;
}

/**
 * A FIFO queue shared by every task and Process it is passed to. `await put()`/`await get()`
 * never block the event loop; `putSync`/`getSync` block, for worker code. A timeout that runs
 * out throws {@linkcode Full} or {@linkcode Empty}.
 *
 * A thread whose worker dies inside `put()` or `get()` (closed, exited, crashed or terminated)
 * never leaves a value half in the queue: a value is published in one atomic step once all its
 * bytes are copied, so the dying put either completed or left nothing behind (its value is
 * lost), and a dying get either took its value or left it queued. If it died holding the
 * queue's internal lock, the next caller takes the lock over after 100 ms, with no error: the
 * other producers and consumers just go on. A worker terminated while running synchronous code
 * runs on until that code returns (a Deno limit): it finishes the put or get in progress, and
 * its next call on any queue throws.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const queue = new Queue<number[]>(2);
 * await queue.put([1, 2]);
 * queue.putNowait([3]);
 * assert.equal(queue.full(), true);
 * assert.deepEqual(await queue.get(), [1, 2]);
 * assert.equal(queue.qsize(), 1);
 * ```
 */
export class Queue<T = unknown> {
  readonly #memory: QueueMemory;

  /** A queue holding at most `maxsize` items (0: no limit but the memory's capacity). */
  constructor(maxsize = 0, options: QueueOptions = {}) {
    const adopted = takeRevived();
    if (adopted !== null) {
      this.#memory = adopted;
    } else {
      if (!Number.isSafeInteger(maxsize) || maxsize < 0) {
        throw new RangeError(`Queue maxsize must be an integer >= 0, received ${maxsize}`);
      }
      if (options === null || typeof options !== "object") {
        throw new TypeError(`Queue expects an options object (or nothing), received ${options}`);
      }
      const capacity = options.capacity ?? DEFAULT_CAPACITY;
      if (!Number.isSafeInteger(capacity) || capacity < 16 || capacity > MAX_RING_BYTES) {
        throw new RangeError(
          `Queue option capacity must be an integer >= 16 bytes and <= ${MAX_RING_BYTES}, ` +
            `received ${capacity}`,
        );
      }
      const signals = new Int32Array(new SharedArrayBuffer(4 * SIGNAL_CELLS));
      signals[MAXSIZE] = maxsize;
      this.#memory = { lock: new Lock(), ring: allocateRing(capacity), signals };
    }
    noteSharedObject();
  }

  /** Puts `value`, waiting at most `timeoutMs` for room (default: forever; negative acts as 0); else `Full`. */
  async put(value: T, timeoutMs?: number): Promise<void> {
    const record = this.#encode(value);
    const deadline = deadlineFor(timeoutMs, "Queue.put()");
    for (;;) {
      const seen = Atomics.load(this.#memory.signals, GET_SEQ);
      await this.#lockAsync("Queue.put()");
      if (this.#tryPut(record)) return;
      await waitAsync(this.#memory.signals, GET_SEQ, seen, this.#slice(deadline, "put"));
    }
  }

  /** Like {@linkcode put}, blocking: for worker code. */
  putSync(value: T, timeoutMs?: number): void {
    const record = this.#encode(value);
    const deadline = deadlineFor(timeoutMs, "Queue.putSync()");
    for (;;) {
      const seen = Atomics.load(this.#memory.signals, GET_SEQ);
      this.#lockSync("Queue.putSync()");
      if (this.#tryPut(record)) return;
      waitSync(this.#memory.signals, GET_SEQ, seen, this.#slice(deadline, "put"));
    }
  }

  /** Puts `value` if there is room now; else throws `Full`. */
  putNowait(value: T): void {
    this.putSync(value, 0);
  }

  /** Takes the oldest value, waiting at most `timeoutMs` (default: forever; negative: 0); else `Empty`. */
  async get(timeoutMs?: number): Promise<T> {
    const deadline = deadlineFor(timeoutMs, "Queue.get()");
    for (;;) {
      const seen = Atomics.load(this.#memory.signals, PUT_SEQ);
      await this.#lockAsync("Queue.get()");
      const record = this.#tryGet();
      if (record !== null) return deserialize(record) as T;
      await waitAsync(this.#memory.signals, PUT_SEQ, seen, this.#slice(deadline, "get"));
    }
  }

  /** Like {@linkcode get}, blocking: for worker code. */
  getSync(timeoutMs?: number): T {
    const deadline = deadlineFor(timeoutMs, "Queue.getSync()");
    for (;;) {
      const seen = Atomics.load(this.#memory.signals, PUT_SEQ);
      this.#lockSync("Queue.getSync()");
      const record = this.#tryGet();
      if (record !== null) return deserialize(record) as T;
      waitSync(this.#memory.signals, PUT_SEQ, seen, this.#slice(deadline, "get"));
    }
  }

  /** Takes the oldest value if there is one now; else throws `Empty`. */
  getNowait(): T {
    return this.getSync(0);
  }

  /** Number of values queued now. */
  qsize(): number {
    return recordCount(this.#memory.ring);
  }

  /** Whether no value is queued now. */
  empty(): boolean {
    return this.qsize() === 0;
  }

  /** Whether the queue holds `maxsize` values now (never, without a maxsize). */
  full(): boolean {
    const maxsize = Atomics.load(this.#memory.signals, MAXSIZE);
    return maxsize > 0 && this.qsize() >= maxsize;
  }

  /** @internal The shared signal cells, for subclasses. */
  protected get signals(): Int32Array<SharedArrayBuffer> {
    return this.#memory.signals;
  }

  /** @internal Values ever put (mod 2^32), for subclasses: counted when a put completes. */
  protected valuesPut(): number {
    return recordsWritten(this.#memory.ring);
  }

  /** @internal The name a worker revives this queue by (not the class name: bundlers rename). */
  protected queueKind(): string {
    return "Queue";
  }

  /** @internal Describes the queue for a worker; see `transport.ts`. */
  [toShared](): SharedRecord {
    const { lock, ring, signals } = this.#memory;
    return {
      kind: this.queueKind(),
      state: {
        lock: lock[toShared](),
        header: ring.header.buffer,
        bytes: ring.bytes.buffer,
        signals: signals.buffer,
      },
    };
  }

  #encode(value: T): Uint8Array {
    let record: Uint8Array;
    try {
      record = serialize(value);
    } catch (error) {
      throw new TypeError(`Queue.put() cannot send this value: ${(error as Error).message}`, {
        cause: error,
      });
    }
    if (!everFits(this.#memory.ring, record.length)) {
      throw new RangeError(
        `a value of ${record.length} bytes does not fit in this queue's ${this.#memory.ring.bytes.length}-byte ` +
          "memory: create the queue with a larger { capacity }",
      );
    }
    return record;
  }

  #slice(deadline: number, what: "put" | "get"): number {
    const slice = nextSlice(deadline);
    if (slice > 0) return slice;
    if (what === "put") throw new Full(`the queue stayed full (${this.qsize()} values)`);
    throw new Empty("the queue stayed empty");
  }

  // A holder that died left the ring consistent (see ring.ts), so its death needs no repair.
  async #lockAsync(method: string): Promise<void> {
    refuseIfTerminated(`to call ${method}`);
    for (;;) {
      try {
        if (await this.#memory.lock.acquire()) return;
      } catch (error) {
        if (!(error instanceof OwnerDiedError)) throw error;
      }
    }
  }

  #lockSync(method: string): void {
    refuseIfTerminated(`to call ${method}`);
    for (;;) {
      try {
        if (this.#memory.lock.acquireSync()) return;
      } catch (error) {
        if (!(error instanceof OwnerDiedError)) throw error;
      }
    }
  }

  // Called holding the lock; releases it.
  #tryPut(record: Uint8Array): boolean {
    const { lock, ring, signals } = this.#memory;
    try {
      // A refused commit (the lock was taken over from this thread) put nothing: the caller
      // retries and is refused as terminated.
      if (this.full() || !fits(ring, record.length) || !writeRecord(ring, record)) return false;
    } finally {
      lock.release();
    }
    Atomics.add(signals, PUT_SEQ, 1);
    Atomics.notify(signals, PUT_SEQ);
    return true;
  }

  // Called holding the lock; releases it.
  #tryGet(): Uint8Array | null {
    const { lock, ring, signals } = this.#memory;
    let record: Uint8Array | null;
    try {
      if (recordCount(ring) === 0) return null;
      record = readRecord(ring);
    } finally {
      lock.release();
    }
    if (record === null) return null;
    Atomics.add(signals, GET_SEQ, 1);
    Atomics.notify(signals, GET_SEQ);
    return record;
  }
}

registerShared("Queue", (state) => {
  reviveQueueMemory(state);
  return new Queue();
});
