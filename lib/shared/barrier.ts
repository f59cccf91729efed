/**
 * Python's `multiprocessing.Barrier`, shared across workers: its state lives in shared memory
 * and is guarded by a shared {@linkcode Condition}, following CPython's `threading.Barrier`.
 *
 * @module
 */
import { BrokenBarrierError } from "../errors.ts";
import { Condition } from "./condition.ts";
import { Lock } from "./lock.ts";
import {
  noteSharedObject,
  registerShared,
  reviveRecord,
  type SharedRecord,
  toShared,
} from "./transport.ts";
import { deadlineFor } from "./wait.ts";

// Cells, written holding the condition's lock: [STATE]; [COUNT] threads inside wait();
// [HOLDERS] those among them whose Barrier object has the action. States as CPython's, plus
// ACTION_PENDING: the last to arrive had no action, so a waiter that has it must run it.
const STATE = 0;
const COUNT = 1;
const HOLDERS = 2;
const FILLING = 0;
const DRAINING = 1;
const ACTION_PENDING = 2;
const RESETTING = -1;
const BROKEN = -2;

/** Options of {@linkcode Barrier}. */
export interface BarrierOptions {
  /**
   * Run once per trip, before any waiter is released, by a waiting thread whose Barrier object
   * has it. Functions cannot travel to workers: a Barrier revived in a worker has no action, so
   * it runs in a thread that created the Barrier with it (and not at all if no such thread is
   * among the waiters). If it throws, the barrier breaks.
   */
  action?: () => void;
  /** The default timeout of `wait()`, in ms (default: none). */
  timeout?: number;
}

interface BarrierState {
  cond: SharedRecord;
  cells: SharedArrayBuffer;
  parties: number;
  timeout: number | undefined;
}

// One step of a wait, holding the lock: wait until the predicate holds, at most the timeout.
// wait() and waitSync() drive the same steps, asynchronously or blocking.
type Step = readonly [predicate: () => boolean, timeoutMs: number | undefined];

let revived: BarrierState | null = null;

/**
 * A barrier for `parties` threads: each `wait()` blocks until all have called it, then all are
 * released together, each with its arrival index (0 to `parties - 1`), as in Python, and the
 * barrier refills for the next round. `abort()`, a waiter's timeout or a throwing action break
 * it: every waiter then gets {@linkcode BrokenBarrierError} until `reset()`. Methods that take
 * the barrier's lock are async, with blocking `...Sync` variants for worker code.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { BrokenBarrierError } from "../errors.ts";
 * let trips = 0;
 * const barrier = new Barrier(2, { action: () => trips++ });
 * const indices = await Promise.all([barrier.wait(), barrier.wait()]);
 * assert.deepEqual(indices.sort(), [0, 1]);
 * assert.equal(trips, 1);
 * await barrier.abort();
 * await assert.rejects(barrier.wait(), BrokenBarrierError);
 * ```
 */
export class Barrier {
  /** How many threads must call `wait()` to pass. */
  readonly parties: number;
  readonly #cond: Condition;
  readonly #cells: Int32Array<SharedArrayBuffer>;
  readonly #timeout: number | undefined;
  readonly #action: (() => void) | null;

  /** Creates a barrier for `parties` threads (an integer >= 1), in new shared memory. */
  constructor(parties: number, options: BarrierOptions = {}) {
    const state = revived;
    revived = null;
    if (state === null && !(Number.isInteger(parties) && parties >= 1)) {
      throw new RangeError(`Barrier expects an integer parties >= 1, received ${parties}`);
    }
    if (state === null) deadlineFor(options.timeout, "Barrier");
    this.parties = state?.parties ?? parties;
    this.#timeout = state === null ? options.timeout : state.timeout;
    // A Lock, not an RLock: async waiters on one thread must exclude each other.
    this.#cond = state === null ? new Condition(new Lock()) : reviveRecord(state.cond) as Condition;
    this.#cells = new Int32Array(state?.cells ?? new SharedArrayBuffer(12));
    this.#action = options.action ?? null;
    noteSharedObject();
  }

  /**
   * Waits until all parties have called `wait()`, at most `timeoutMs` (default: the barrier's
   * `timeout`), and resolves this thread's arrival index. Rejects with
   * {@linkcode BrokenBarrierError} if the barrier is or becomes broken, or breaks it on timeout.
   */
  async wait(timeoutMs?: number): Promise<number> {
    const steps = this.#steps(timeoutMs, "wait()");
    using _held = await this.#cond.locked();
    try {
      let step = steps.next();
      while (!step.done) step = steps.next(await this.#cond.waitFor(...step.value));
      return step.value;
    } finally {
      steps.return(-1); // when waitFor threw: the steps' bookkeeping still runs
    }
  }

  /** Like {@linkcode wait}, blocking the thread: for worker code. */
  waitSync(timeoutMs?: number): number {
    const steps = this.#steps(timeoutMs, "waitSync()");
    using _held = this.#cond.lockedSync();
    try {
      let step = steps.next();
      while (!step.done) step = steps.next(this.#cond.waitForSync(...step.value));
      return step.value;
    } finally {
      steps.return(-1);
    }
  }

  /** Breaks the barrier: current and later waiters get BrokenBarrierError until `reset()`. */
  async abort(): Promise<void> {
    using _held = await this.#cond.locked();
    this.#set(BROKEN);
  }

  /** Like {@linkcode abort}, blocking the thread: for worker code. */
  abortSync(): void {
    using _held = this.#cond.lockedSync();
    this.#set(BROKEN);
  }

  /** Returns the barrier to its empty state; threads waiting on it get BrokenBarrierError. */
  async reset(): Promise<void> {
    using _held = await this.#cond.locked();
    this.#reset();
  }

  /** Like {@linkcode reset}, blocking the thread: for worker code. */
  resetSync(): void {
    using _held = this.#cond.lockedSync();
    this.#reset();
  }

  /** How many threads are waiting for the barrier to fill. */
  get nWaiting(): number {
    return this.#state === FILLING ? Atomics.load(this.#cells, COUNT) : 0;
  }

  /** Whether the barrier is broken. */
  get broken(): boolean {
    return this.#state === BROKEN;
  }

  /** @internal Describes the barrier for a worker; see `transport.ts`. */
  [toShared](): SharedRecord {
    const { parties } = this;
    const cond = this.#cond[toShared]();
    const state: BarrierState = {
      cond,
      cells: this.#cells.buffer,
      parties,
      timeout: this.#timeout,
    };
    return { kind: "Barrier", state };
  }

  /** Validates the timeout now; the steps run once the lock is held. */
  #steps(timeoutMs: number | undefined, method: string): Generator<Step, number, boolean> {
    const timeout = timeoutMs ?? this.#timeout;
    deadlineFor(timeout, `Barrier.${method}`);
    return this.#arrive(timeout, method);
  }

  /** One wait, from arrival to leaving, holding the lock between steps (CPython's logic). */
  *#arrive(timeoutMs: number | undefined, method: string): Generator<Step, number, boolean> {
    // Wait for the previous round to drain or reset.
    yield [() => this.#state === FILLING || this.#state === BROKEN, undefined];
    if (this.#state === BROKEN) throw new BrokenBarrierError("the barrier is broken");
    const index = Atomics.add(this.#cells, COUNT, 1);
    const holder = this.#action !== null;
    if (holder) Atomics.add(this.#cells, HOLDERS, 1);
    try {
      if (index + 1 === this.parties) this.#trip();
      else if (!(yield [() => this.#state !== FILLING, timeoutMs])) {
        this.#set(BROKEN);
        throw new BrokenBarrierError(`Barrier.${method} timed out after ${timeoutMs} ms`);
      }
      if (this.#state === ACTION_PENDING) {
        if (holder) this.#runAction();
        else yield [() => this.#state !== ACTION_PENDING, undefined];
      }
      if (this.#state < 0) throw new BrokenBarrierError("the barrier was broken or reset");
      return index;
    } finally {
      if (holder) Atomics.sub(this.#cells, HOLDERS, 1);
      const last = Atomics.sub(this.#cells, COUNT, 1) === 1;
      if (last && (this.#state === DRAINING || this.#state === RESETTING)) this.#set(FILLING);
    }
  }

  /** The last arrival: runs the action here, or leaves it to a waiter that has it. */
  #trip(): void {
    if (this.#action !== null) return this.#runAction();
    this.#set(Atomics.load(this.#cells, HOLDERS) > 0 ? ACTION_PENDING : DRAINING);
  }

  #runAction(): void {
    try {
      this.#action?.();
    } catch (error) {
      this.#set(BROKEN);
      throw error;
    }
    this.#set(DRAINING);
  }

  #reset(): void {
    const state = this.#state;
    // Waiters still inside see RESETTING and throw; the last one out refills the barrier.
    if (Atomics.load(this.#cells, COUNT) === 0) this.#set(FILLING);
    else this.#set(state === FILLING || state === BROKEN ? RESETTING : state);
  }

  get #state(): number {
    return Atomics.load(this.#cells, STATE);
  }

  /** Moves to `state` and wakes every waiter to look at it. */
  #set(state: number): void {
    Atomics.store(this.#cells, STATE, state);
    this.#cond.notifyAll();
  }
}

registerShared("Barrier", (state) => {
  revived = state as BarrierState;
  return new Barrier(0);
});
