/**
 * Python's `multiprocessing.Queue`, `JoinableQueue` and `SimpleQueue`: many producers and many
 * consumers across the main thread and any number of workers, over a byte ring in shared memory.
 * Values travel as `node:v8` serialization, so anything structured clone takes fits; that module is
 * loaded when the first queue is made or revived in a thread (see `wire/_node_v8.ts`). Values that
 * JSON gives back exactly (plain arrays and objects of finite numbers, strings, booleans and null)
 * travel as JSON text instead, at a fraction of the cost (see `wire/_json_record.ts`).
 *
 * @module
 */
import { deserialize, preloadNodeV8, serialize } from "../wire/_node_v8.ts";
import { refuseLossy } from "../wire/_lossy_value.ts";
import { encodeJsonText } from "../wire/_json_record.ts";
import { Empty, Full } from "../errors.ts";
import { Lock } from "../shared/lock.ts";
import { QueueLock } from "./_queue_lock.ts";
import { noteSharedObject, registerShared, type SharedRecord, toShared } from "../wire/codec.ts";
import { Revival } from "../wire/shareable.ts";
import {
  GET_SEQ,
  MAXSIZE,
  PUT_SEQ,
  type QueueMemory,
  queueMemory,
  queueMemoryOf,
  SIGNAL_CELLS,
} from "./_queue_memory.ts";
import {
  ALIVE,
  closedError,
  dropLeftovers,
  dropQueued,
  publishShutdown,
  SHUT_IMMEDIATELY,
  shutDownError,
  shutdownState,
} from "./_queue_shutdown.ts";
import { deadlineFor, nextSlice } from "../shared/wait.ts";
import { announce, awaitAsync, awaitSync } from "./_queue_wake.ts";
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
import { guardPythonNames } from "../internal/python_names.ts";

const DEFAULT_CAPACITY = 1 << 20;
/** What #tryGet gives for a shut-down queue found empty under the read lock alone. */
const LOOK_AGAIN: unique symbol = Symbol("look again with both locks");
/** JSON text up to this length goes into the ring as a string; longer, as bytes. */
const TEXT_AS_IS = 1024;
const asciiEncoder = new TextEncoder();

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
 * lost), and a dying get either took its value or left it queued. If it died holding one of the
 * queue's two internal locks (one for puts, one for gets, as in Python), the next caller on that
 * side takes the lock over after 100 ms, with no error: the other producers and consumers just
 * go on, and the other side never waits for it (a dead getter stalls no put). A worker
 * terminated while running synchronous code runs on until that code returns (a Deno limit): it
 * finishes the put or get in progress, and its next call on any queue throws.
 *
 * Two ways to stop, as in Python. `shutdown()` (Python 3.13's) acts on the queue itself, for
 * every thread holding it: puts throw `ShutDown`, gets throw it once the queue is empty, and
 * waiting callers in any worker wake. `close()` acts on one handle only (this object; a worker
 * that is passed the queue gets a handle of its own), which then can no longer put or get.
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
  readonly #lock: QueueLock;
  readonly #readLock: QueueLock;
  #closed = false;

  /** A queue holding at most `maxsize` items (0: no limit but the memory's capacity). */
  constructor(maxsize?: number, options?: QueueOptions);
  /**
   * @internal A handle on memory sent from another thread: see `Queue.#revive`.
   * @ignore
   */
  constructor(revival: Revival<QueueMemory>);
  /** @ignore The implementation signature: users see the overloads above. */
  constructor(maxsize: number | Revival<QueueMemory> = 0, options: QueueOptions = {}) {
    if (maxsize instanceof Revival) {
      this.#memory = maxsize.state;
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
      this.#memory = queueMemory(new Lock(), new Lock(), allocateRing(capacity), signals);
    }
    this.#lock = new QueueLock(this.#memory.lock);
    this.#readLock = new QueueLock(this.#memory.readLock);
    noteSharedObject();
    preloadNodeV8();
  }

  /** A handle on the Queue sent to this thread, over the memory it was sent. */
  static #revive(state: unknown): Queue {
    return new Queue(new Revival(queueMemoryOf(state)));
  }

  static {
    registerShared("Queue", Queue.#revive);
  }

  /** Puts `value`, waiting at most `timeoutMs` for room (default: forever; negative acts as 0); else `Full`. */
  async put(value: T, timeoutMs?: number): Promise<void> {
    this.#refuse("Queue.put()", "put");
    const record = this.#encode(value);
    const deadline = deadlineFor(timeoutMs, "Queue.put()");
    for (;;) {
      const seen = Atomics.load(this.#memory.signals, GET_SEQ);
      if (!this.#lock.now("Queue.put()")) await this.#lock.async("Queue.put()");
      if (this.#tryPut(record, "Queue.put()")) return;
      await awaitAsync(this.#memory.signals, GET_SEQ, seen, this.#slice(deadline, "put"));
    }
  }

  /** Like {@linkcode put}, blocking: for worker code. */
  putSync(value: T, timeoutMs?: number): void {
    this.#refuse("Queue.putSync()", "put");
    const record = this.#encode(value);
    const deadline = deadlineFor(timeoutMs, "Queue.putSync()");
    for (;;) {
      const seen = Atomics.load(this.#memory.signals, GET_SEQ);
      this.#lock.sync("Queue.putSync()");
      if (this.#tryPut(record, "Queue.putSync()")) return;
      awaitSync(this.#memory.signals, GET_SEQ, seen, this.#slice(deadline, "put"));
    }
  }

  /** Puts `value` if there is room now; else throws `Full`. */
  putNowait(value: T): void {
    this.putSync(value, 0);
  }

  /** Takes the oldest value, waiting at most `timeoutMs` (default: forever; negative: 0); else `Empty`. */
  async get(timeoutMs?: number): Promise<T> {
    this.#refuse("Queue.get()", "get");
    const deadline = deadlineFor(timeoutMs, "Queue.get()");
    for (;;) {
      const seen = Atomics.load(this.#memory.signals, PUT_SEQ);
      if (!this.#readLock.now("Queue.get()")) await this.#readLock.async("Queue.get()");
      let record = this.#tryGet("Queue.get()", false);
      if (record === LOOK_AGAIN) record = await this.#getWithBothLocks("Queue.get()");
      if (record !== null) return decode(record) as T;
      await awaitAsync(this.#memory.signals, PUT_SEQ, seen, this.#slice(deadline, "get"));
    }
  }

  /** Like {@linkcode get}, blocking: for worker code. */
  getSync(timeoutMs?: number): T {
    this.#refuse("Queue.getSync()", "get");
    const deadline = deadlineFor(timeoutMs, "Queue.getSync()");
    for (;;) {
      const seen = Atomics.load(this.#memory.signals, PUT_SEQ);
      this.#readLock.sync("Queue.getSync()");
      let record = this.#tryGet("Queue.getSync()", false);
      if (record === LOOK_AGAIN) record = this.#getSyncWithBothLocks("Queue.getSync()");
      if (record !== null) return decode(record) as T;
      awaitSync(this.#memory.signals, PUT_SEQ, seen, this.#slice(deadline, "get"));
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

  /**
   * Shuts the queue down for every thread holding it (Python 3.13's `shutdown`): from now on a
   * put throws `ShutDown`, and a get throws it once the queue is empty. With `immediate`, the
   * queued values are dropped at once (a `JoinableQueue` counts each as done, so `join()` can
   * return), so gets throw at once. Puts and gets waiting in any thread wake and throw. A put
   * another thread is completing at that moment still completes (with `immediate`, its value is
   * dropped too). It never waits, and may be called again: `shutdown(true)` after `shutdown()`
   * drops what is left. As in Python, a plain `shutdown()` leaves a waiting `join()` waiting.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { ShutDown } from "../errors.ts";
   * const idle = new Queue<string>();
   * const waiting = idle.get(); // waits: the queue is empty
   * idle.shutdown();
   * await assert.rejects(waiting, ShutDown); // woken by the shutdown
   *
   * const queue = new Queue<string>();
   * await queue.put("last");
   * queue.shutdown();
   * assert.equal(queue.isShutdown, true);
   * await assert.rejects(queue.put("more"), ShutDown);
   * assert.equal(await queue.get(), "last"); // what was queued can still be taken
   * await assert.rejects(queue.get(), ShutDown);
   * ```
   */
  shutdown(immediate: boolean = false): void {
    if (typeof immediate !== "boolean") {
      throw new TypeError(
        `Queue.shutdown() expects immediate, a boolean (shutdown(true) for Python's ` +
          `shutdown(immediate=True)), received ${typeof immediate} ${String(immediate)}`,
      );
    }
    publishShutdown(this.#memory, immediate);
  }

  /** Whether the queue was shut down, by any thread (Python's `is_shutdown`). */
  get isShutdown(): boolean {
    return shutdownState(this.#memory.signals) !== ALIVE;
  }

  /**
   * Closes this handle: its puts and gets then throw a RangeError (Python's ValueError "Queue is
   * closed"); `qsize()`, `empty()`, `full()` and `shutdown()` still work. Only this object is
   * closed: the queue, and its handles in other workers, go on. Python's `close()` also lets a
   * feeder thread flush buffered puts; here every put is in the queue when it returns, so
   * nothing is left to flush. Calling it twice is allowed.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * const queue = new Queue<number>();
   * await queue.put(1);
   * queue.close();
   * await assert.rejects(queue.put(2), /Queue is closed/);
   * assert.equal(queue.qsize(), 1);
   * queue.joinThread(); // returns at once: nothing is buffered
   * ```
   */
  close(): void {
    this.#closed = true;
  }

  /**
   * Python's `join_thread()`: waits for this handle's buffered puts to reach the queue. There is
   * no buffer (a put is in the queue when it returns), so it returns at once; as in Python,
   * calling it before `close()` is an error.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * const queue = new Queue();
   * assert.throws(() => queue.joinThread(), /before close\(\)/);
   * queue.close();
   * queue.joinThread();
   * ```
   */
  joinThread(): void {
    if (!this.#closed) {
      throw new Error(
        "Queue.joinThread() was called before close(): close this handle first, as in Python",
      );
    }
  }

  /**
   * Python's `cancel_join_thread()`: lets a process exit without flushing its buffered puts,
   * which Python may then lose. Here a put is in the queue when it returns and a worker never
   * waits on a queue to exit, so this changes nothing and loses nothing.
   *
   * @example
   * ```ts
   * const queue = new Queue<number>();
   * queue.cancelJoinThread();
   * await queue.put(1); // still delivered
   * ```
   */
  cancelJoinThread(): void {}

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

  /**
   * @internal Describes the queue for a worker; see `wire/codec.ts`.
   * @ignore
   */
  [toShared](): SharedRecord {
    const { lock, readLock, ring, signals } = this.#memory;
    return {
      kind: this.queueKind(),
      state: {
        lock: lock[toShared](),
        readLock: readLock[toShared](),
        header: ring.header.buffer,
        bytes: ring.bytes.buffer,
        signals: signals.buffer,
      },
    };
  }

  #encode(value: T): Uint8Array | string {
    // Plain data that JSON carries exactly goes as ASCII JSON text: a fraction of node:v8's
    // cost. Short text is copied into the ring as it is; long text as bytes, in one copy.
    const text = encodeJsonText(value);
    let record: Uint8Array | string;
    if (text !== null) {
      record = text.length <= TEXT_AS_IS ? text : asciiEncoder.encode(text);
    } else {
      refuseLossy(value, "Queue.put()");
      try {
        record = serialize(value);
      } catch (error) {
        throw new TypeError(`Queue.put() cannot send this value: ${(error as Error).message}`, {
          cause: error,
        });
      }
    }
    if (!everFits(this.#memory.ring, record.length)) {
      throw new RangeError(
        `a value of ${record.length} bytes does not fit in this queue's ${this.#memory.ring.bytes.length}-byte ` +
          "memory: create the queue with a larger { capacity }",
      );
    }
    return record;
  }

  // Refuses a put or get through a closed handle, or a put on a queue known to be shut down
  // (checked again under the lock).
  #refuse(method: string, what: "put" | "get"): void {
    if (this.#closed) throw closedError(method);
    if (what === "put" && shutdownState(this.#memory.signals) !== ALIVE) {
      throw shutDownError(method, "put");
    }
  }

  #slice(deadline: number, what: "put" | "get"): number {
    const slice = nextSlice(deadline);
    if (slice > 0) return slice;
    if (what === "put") throw new Full(`the queue stayed full (${this.qsize()} values)`);
    throw new Empty("the queue stayed empty");
  }

  // Called holding the put lock; releases it. A shutdown published before this put's check refuses
  // it; one published after lets it complete (see _queue_shutdown.ts).
  #tryPut(record: Uint8Array | string, method: string): boolean {
    const { lock, ring, signals } = this.#memory;
    try {
      // Values a shutdown(true) left behind are dropped after the release: see dropLeftovers.
      if (shutdownState(signals) !== ALIVE) throw shutDownError(method, "put");
      // A refused commit (the lock was taken over from this thread) put nothing: the caller
      // retries and is refused as terminated.
      if (this.full() || !fits(ring, record.length) || !writeRecord(ring, record)) return false;
    } finally {
      lock.release();
      dropLeftovers(this.#memory);
    }
    announce(signals, PUT_SEQ);
    return true;
  }

  // Called holding the read lock (and with `bothLocks`, the put lock too); releases them. A
  // shutdown(true) seen here drops what is queued and throws. A shut-down queue found empty
  // under the read lock alone gives LOOK_AGAIN: a put that saw the queue alive may still be under
  // way (it holds only the put lock), so the caller takes both locks and looks again; then no
  // put is under way and none can complete any more, so a queue found empty stays empty.
  #tryGet(method: string, bothLocks: boolean): Uint8Array | string | null | typeof LOOK_AGAIN {
    const { lock, readLock, ring, signals } = this.#memory;
    let record: Uint8Array | string | null;
    try {
      const state = shutdownState(signals);
      if (state === SHUT_IMMEDIATELY) {
        dropQueued(this.#memory);
        throw shutDownError(method, "get");
      }
      if (recordCount(ring) === 0) {
        if (state === ALIVE) return null;
        if (!bothLocks) return LOOK_AGAIN;
        throw shutDownError(method, "get");
      }
      record = readRecord(ring);
    } finally {
      readLock.release();
      if (bothLocks) lock.release();
      dropLeftovers(this.#memory);
    }
    if (record === null) return null;
    announce(signals, GET_SEQ);
    return record;
  }

  // The LOOK_AGAIN of #tryGet: the put lock, then the read lock (always in this order: no
  // thread holding the read lock waits for the put lock).
  async #getWithBothLocks(method: string): Promise<Uint8Array | string | null> {
    if (!this.#lock.now(method)) await this.#lock.async(method);
    try {
      if (!this.#readLock.now(method)) await this.#readLock.async(method);
    } catch (error) {
      this.#memory.lock.release();
      throw error;
    }
    return this.#tryGet(method, true) as Uint8Array | string | null;
  }

  #getSyncWithBothLocks(method: string): Uint8Array | string | null {
    this.#lock.sync(method);
    try {
      this.#readLock.sync(method);
    } catch (error) {
      this.#memory.lock.release();
      throw error;
    }
    return this.#tryGet(method, true) as Uint8Array | string | null;
  }
}

/** The value of a record: JSON text, or node:v8 bytes (see `wire/_json_record.ts`). */
function decode(record: Uint8Array | string): unknown {
  return typeof record === "string" ? JSON.parse(record) : deserialize(record);
}

// Python's spellings throw, naming ours (lib/internal/python_names.ts).
guardPythonNames(Queue, {
  put_nowait: "putNowait",
  get_nowait: "getNowait",
  join_thread: "joinThread",
  cancel_join_thread: "cancelJoinThread",
  is_shutdown: "isShutdown",
});
