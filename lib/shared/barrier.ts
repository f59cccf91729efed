/**
 * Python's `multiprocessing.Barrier`, shared across workers: its state lives in shared memory
 * and is guarded by a shared {@linkcode Condition}, following CPython's `threading.Barrier`.
 *
 * @module
 */
import { BrokenBarrierError } from "../errors.ts";
import {
  brokenError,
  enter,
  forgetDead,
  holdersInside,
  insideCount,
  leave,
  noteDeath,
  partiesBytes,
  reapDead,
} from "./_barrier_parties.ts";
import {
  lockWatching,
  lockWatchingSync,
  runSteps,
  runStepsSync,
  type Step,
} from "./_watchful_wait.ts";
import { refuseIfTerminated } from "./_death.ts";
import { Condition } from "./condition.ts";
import { Lock } from "./lock.ts";
import {
  noteSharedObject,
  registerShared,
  reviveRecord,
  type SharedRecord,
  toShared,
} from "../wire/codec.ts";
import { Revival } from "../wire/shareable.ts";
import { deadlineFor } from "./wait.ts";
import { guardPythonNames } from "../internal/python_names.ts";

// Cells, written holding the condition's lock: [STATE], then the parties inside wait() (see
// `_barrier_parties.ts`). States as CPython's, plus ACTION_PENDING: the last to arrive had no
// action, so a waiter that has it must run it.
const STATE = 0;
const STATE_BYTES = 4;
const FILLING = 0;
const DRAINING = 1;
const ACTION_PENDING = 2;
const RESETTING = -1;
const BROKEN = -2;

/**
 * Options of {@linkcode Barrier}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { BrokenBarrierError } from "../errors.ts";
 * let rounds = 0;
 * const options: BarrierOptions = { action: () => rounds++, timeout: 50 };
 * const barrier = new Barrier(2, options);
 * await Promise.all([barrier.wait(), barrier.wait()]);
 * assert.equal(rounds, 1);
 * // Alone at the barrier: the default timeout breaks it after 50 ms.
 * await assert.rejects(barrier.wait(), BrokenBarrierError);
 * ```
 */
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

/** A barrier's state, with its condition as a record (`C`: SharedRecord) while it travels. */
interface BarrierState<C> {
  cond: C;
  cells: SharedArrayBuffer;
  parties: number;
  timeout: number | undefined;
}

/**
 * A barrier for `parties` threads: each `wait()` blocks until all have called it, then all are
 * released together, each with its arrival index (0 to `parties - 1`), as in Python, and the
 * barrier refills for the next round. `abort()`, a waiter's timeout or a throwing action break
 * it: every waiter then gets {@linkcode BrokenBarrierError} until `reset()`. Methods that take
 * the barrier's lock are async, with blocking `...Sync` variants for worker code.
 *
 * A party whose worker dies inside `wait()` (closed, exited, crashed or terminated) breaks the
 * barrier too: the waiters record their pids in the barrier's memory and look every 50 ms, so
 * within about that time the others get a BrokenBarrierError that names the dead pid, and the
 * barrier stays broken until `reset()` (which also forgets the dead), ready for a replacement
 * party. The same happens if a thread dies holding the barrier's internal lock (running the
 * action, say). A party that dies before calling `wait()` cannot be told from a slow one: give
 * `wait()` a timeout, or the barrier a default `timeout`, which breaks it when it runs out.
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
  readonly #inside: Int32Array<SharedArrayBuffer>;
  readonly #timeout: number | undefined;
  readonly #action: (() => void) | null;
  readonly #holderDied = (pid: number) => this.#breakFor(pid, true);

  /** Creates a barrier for `parties` threads (an integer >= 1), in new shared memory. */
  constructor(parties: number, options?: BarrierOptions);
  /**
   * @internal A copy sent from another thread, with no action: see `Barrier.#revive`.
   * @ignore
   */
  constructor(revival: Revival<BarrierState<Condition>>);
  /** @ignore The implementation signature: users see the overloads above. */
  constructor(parties: number | Revival<BarrierState<Condition>>, options: BarrierOptions = {}) {
    const state = parties instanceof Revival ? parties.state : newBarrierState(parties, options);
    ({ parties: this.parties, timeout: this.#timeout, cond: this.#cond } = state);
    this.#cells = new Int32Array(state.cells, 0, STATE_BYTES / 4);
    this.#inside = new Int32Array(state.cells, STATE_BYTES);
    this.#action = options.action ?? null;
    noteSharedObject();
  }

  /** The Barrier sent to this thread, over the memory and with the condition it was sent. */
  static #revive(state: unknown): Barrier {
    const { cond, ...rest } = state as BarrierState<SharedRecord>;
    return new Barrier(new Revival({ ...rest, cond: reviveRecord(cond) as Condition }));
  }

  static {
    registerShared("Barrier", Barrier.#revive);
  }

  /**
   * Waits until all parties have called `wait()`, at most `timeoutMs` (negative acts as 0, as in Python; default: the barrier's
   * `timeout`), and resolves this thread's arrival index. Rejects with
   * {@linkcode BrokenBarrierError} if the barrier is or becomes broken, or breaks it on timeout.
   */
  async wait(timeoutMs?: number): Promise<number> {
    const steps = this.#steps(timeoutMs, "wait()");
    return await runSteps(this.#cond, steps, this.#holderDied, "Barrier.wait()");
  }

  /** Like {@linkcode wait}, blocking the thread: for worker code. */
  waitSync(timeoutMs?: number): number {
    const steps = this.#steps(timeoutMs, "waitSync()");
    return runStepsSync(this.#cond, steps, this.#holderDied, "Barrier.waitSync()");
  }

  /** Breaks the barrier: current and later waiters get BrokenBarrierError until `reset()`. */
  async abort(): Promise<void> {
    using _held = await lockWatching(this.#cond, this.#holderDied, "Barrier.abort()");
    this.#set(BROKEN);
  }

  /** Like {@linkcode abort}, blocking the thread: for worker code. */
  abortSync(): void {
    using _held = lockWatchingSync(this.#cond, this.#holderDied, "Barrier.abortSync()");
    this.#set(BROKEN);
  }

  /**
   * Returns the barrier to its empty state, forgetting parties that died in it; threads waiting
   * on it get BrokenBarrierError.
   */
  async reset(): Promise<void> {
    using _held = await lockWatching(this.#cond, this.#holderDied, "Barrier.reset()");
    this.#reset();
  }

  /** Like {@linkcode reset}, blocking the thread: for worker code. */
  resetSync(): void {
    using _held = lockWatchingSync(this.#cond, this.#holderDied, "Barrier.resetSync()");
    this.#reset();
  }

  /** How many threads are waiting for the barrier to fill. */
  get nWaiting(): number {
    return this.#state === FILLING ? insideCount(this.#inside) : 0;
  }

  /** Whether the barrier is broken. */
  get broken(): boolean {
    return this.#state === BROKEN;
  }

  /**
   * @internal Describes the barrier for a worker; see `wire/codec.ts`.
   * @ignore
   */
  [toShared](): SharedRecord {
    const { parties } = this;
    const cond = this.#cond[toShared]();
    const state: BarrierState<SharedRecord> = {
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
    yield [() => this.#look() === FILLING || this.#state === BROKEN, undefined];
    if (this.#state === BROKEN) throw brokenError(this.#inside, "the barrier is broken");
    const holder = this.#action !== null;
    const { index, slot } = enter(this.#inside, holder);
    try {
      if (index + 1 === this.parties) this.#trip();
      else if (!(yield [() => this.#look() !== FILLING, timeoutMs])) {
        this.#set(BROKEN);
        throw new BrokenBarrierError(`Barrier.${method} timed out after ${timeoutMs} ms`);
      }
      if (this.#state === ACTION_PENDING) {
        if (holder) this.#runAction();
        else yield [() => this.#look() !== ACTION_PENDING, undefined];
      }
      if (this.#state < 0) throw brokenError(this.#inside, "the barrier was broken or reset");
      return index;
    } finally {
      const last = leave(this.#inside, slot) === 0;
      if (last && (this.#state === DRAINING || this.#state === RESETTING)) this.#set(FILLING);
    }
  }

  /** The last arrival: runs the action here, or leaves it to a waiter that has it. */
  #trip(): void {
    if (this.#action !== null) return this.#runAction();
    this.#set(holdersInside(this.#inside) > 0 ? ACTION_PENDING : DRAINING);
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
    forgetDead(this.#inside);
    const state = this.#state;
    // Waiters still inside see RESETTING and throw; the last one out refills the barrier.
    if (insideCount(this.#inside) === 0) this.#set(FILLING);
    else this.#set(state === FILLING || state === BROKEN ? RESETTING : state);
  }

  /** The state, once a party found dead inside has broken the barrier. */
  #look(): number {
    // A terminated thread that runs on must not reap: it would find itself dead, free its own
    // slot, and then be refused the state change, leaving no dead party for the others to see.
    refuseIfTerminated("to wait at a Barrier");
    const dead = reapDead(this.#inside);
    if (dead !== 0) this.#breakFor(dead, false);
    return this.#state;
  }

  /** Breaks the barrier for the death of `pid`; `recount` if it held the lock. */
  #breakFor(pid: number, recount: boolean): void {
    if (recount) reapDead(this.#inside, true);
    if (this.#state !== BROKEN) noteDeath(this.#inside, pid);
    this.#set(BROKEN);
  }

  get #state(): number {
    return Atomics.load(this.#cells, STATE);
  }

  /** Moves to `state` and wakes every waiter to look at it. */
  #set(state: number): void {
    // A terminated thread that runs on (its action returning late, say) counts as dead: its
    // lock may have been taken over, and its death breaks the barrier anyway.
    refuseIfTerminated("to change a Barrier's state");
    Atomics.store(this.#cells, STATE, state);
    this.#cond.notifyAll();
  }
}

// Python's spellings throw, naming ours (lib/internal/python_names.ts).
guardPythonNames(Barrier, { n_waiting: "nWaiting" });

// The state of a new barrier, once `parties` and `options` are found valid.
function newBarrierState(parties: number, options: BarrierOptions): BarrierState<Condition> {
  if (!(Number.isInteger(parties) && parties >= 1)) {
    throw new RangeError(`Barrier expects an integer parties >= 1, received ${parties}`);
  }
  checkBarrierOptions(options);
  // A Lock, not an RLock: async waiters on one thread must exclude each other.
  const cond = new Condition(new Lock());
  const cells = new SharedArrayBuffer(STATE_BYTES + partiesBytes(parties));
  return { cond, cells, parties, timeout: options.timeout };
}

function checkBarrierOptions(options: BarrierOptions): void {
  if (options === null || typeof options !== "object") {
    throw new TypeError(`Barrier expects an options object (or nothing), received ${options}`);
  }
  deadlineFor(options.timeout, "Barrier");
  if (options.action !== undefined && typeof options.action !== "function") {
    throw new TypeError(
      `Barrier option action must be a function (or left out), received ${typeof options
        .action} ${String(options.action)}`,
    );
  }
}
