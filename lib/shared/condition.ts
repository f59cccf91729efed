/**
 * Python's `multiprocessing.Condition` on a SharedArrayBuffer: a lock plus a sequence-number
 * futex that `notify()` advances and waiters sleep on.
 *
 * @module
 */
import { OwnerDiedError } from "../errors.ts";
import { Lock } from "./lock.ts";
import { RLock } from "./rlock.ts";
import {
  noteSharedObject,
  registerShared,
  reviveRecord,
  type SharedRecord,
  toShared,
} from "../wire/codec.ts";
import { Revival } from "../wire/shareable.ts";
import { deadlineFor, nextSlice, waitAsync, waitSync } from "./wait.ts";
import { guardPythonNames } from "../internal/python_names.ts";

// Cells: [SEQ] the generation, bumped by every notify, the word waiters sleep on; [PENDING]
// waiters not yet notified; [TOKENS] notifications not yet taken. A waiter joins PENDING holding
// the lock and returns `true` once it takes a token, so notify(n) wakes n waiters, not all of
// them. Only a waiter that was there before a notify may take a token: one arriving later (a
// notifier that then waits, say) cannot steal the wake-ups meant for those already waiting.
const SEQ = 0;
const PENDING = 1;
const TOKENS = 2;

/** A condition's memory and lock, as a copy sent to another thread adopts them. */
interface ConditionState {
  cells: Int32Array<SharedArrayBuffer>;
  lock: Lock | RLock;
}

/**
 * A condition variable shared by every thread it is passed to. Hold its lock to `wait()`, which
 * releases the lock until notified and takes it back before returning, and to `notify()`.
 * `await wait()` never blocks the event loop; `waitSync()` blocks (for worker code).
 *
 * The default lock is a new {@linkcode RLock}, as in Python. Its owner is a thread, so async
 * functions of one thread that share a condition need a {@linkcode Lock} to exclude each other.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Lock } from "./lock.ts";
 * const cond = new Condition(new Lock()); // a Lock: the producer below runs on this thread
 * const items: number[] = [];
 * setTimeout(async () => {
 *   using _held = await cond.locked();
 *   items.push(1);
 *   cond.notify();
 * }, 5);
 * using _held = await cond.locked();
 * assert.equal(await cond.waitFor(() => items.length > 0, 5_000), true);
 * ```
 */
export class Condition {
  readonly #cells: Int32Array<SharedArrayBuffer>;
  readonly #lock: Lock | RLock;

  /** Creates a condition over `lock` (default: a new RLock), in new shared memory. */
  constructor(lock?: Lock | RLock);
  /**
   * @internal A copy over memory sent from another thread: see `Condition.#revive`.
   * @ignore
   */
  constructor(revival: Revival<ConditionState>);
  /** @ignore The implementation signature: users see the overloads above. */
  constructor(lock?: Lock | RLock | Revival<ConditionState>) {
    if (lock instanceof Revival) {
      ({ cells: this.#cells, lock: this.#lock } = lock.state);
    } else {
      if (lock !== undefined && !(lock instanceof Lock) && !(lock instanceof RLock)) {
        throw new TypeError(`Condition expects a Lock or an RLock, received ${typeof lock}`);
      }
      this.#cells = new Int32Array(new SharedArrayBuffer(12));
      this.#lock = lock ?? new RLock();
    }
    noteSharedObject();
  }

  /** The Condition sent to this thread, over the memory and with the lock it was sent. */
  static #revive(state: unknown): Condition {
    const { cells, lock } = state as { cells: SharedArrayBuffer; lock: SharedRecord };
    const revived = { cells: new Int32Array(cells), lock: reviveRecord(lock) as Lock | RLock };
    return new Condition(new Revival(revived));
  }

  static {
    registerShared("Condition", Condition.#revive);
  }

  /** Acquires the underlying lock; see `Lock.acquire()`. */
  acquire(timeoutMs?: number): Promise<boolean> {
    return this.#lock.acquire(timeoutMs);
  }

  /** Acquires the underlying lock, blocking; see `Lock.acquireSync()`. */
  acquireSync(timeoutMs?: number): boolean {
    return this.#lock.acquireSync(timeoutMs);
  }

  /** Releases the underlying lock. */
  release(): void {
    this.#lock.release();
  }

  /** Holds the lock until scope exit: `using _ = await cond.locked()`. */
  locked(timeoutMs?: number): Promise<Disposable> {
    return this.#lock.locked(timeoutMs);
  }

  /** Like {@linkcode locked}, blocking: `using _ = cond.lockedSync()` in worker code. */
  lockedSync(timeoutMs?: number): Disposable {
    return this.#lock.lockedSync(timeoutMs);
  }

  /**
   * Releases the lock, waits until notified or `timeoutMs` passed (default: forever; negative acts as 0), takes the
   * lock back and resolves `false` if the time ran out. Throws if this thread does not hold it.
   */
  async wait(timeoutMs?: number): Promise<boolean> {
    const [deadline, levels, arrival] = this.#begin(timeoutMs, "wait()");
    let notified: boolean;
    for (let seq = this.#seq(); !(notified = this.#takeToken(arrival)); seq = this.#seq()) {
      const slice = nextSlice(deadline);
      if (slice <= 0) break;
      await waitAsync(this.#cells, SEQ, seq, slice);
    }
    let died: OwnerDiedError | null = null;
    while (!await this.#lock.acquire().catch((error) => (died = ownerDied(error), false)));
    return this.#end(notified || this.#takeToken(arrival), levels, died);
  }

  /** Like {@linkcode wait}, blocking the thread: for worker code. */
  waitSync(timeoutMs?: number): boolean {
    const [deadline, levels, arrival] = this.#begin(timeoutMs, "waitSync()");
    let notified: boolean;
    for (let seq = this.#seq(); !(notified = this.#takeToken(arrival)); seq = this.#seq()) {
      const slice = nextSlice(deadline);
      if (slice <= 0) break;
      waitSync(this.#cells, SEQ, seq, slice);
    }
    let died: OwnerDiedError | null = null;
    while (!tryOr(() => this.#lock.acquireSync(), (error) => (died = ownerDied(error), false)));
    return this.#end(notified || this.#takeToken(arrival), levels, died);
  }

  /**
   * Waits until `predicate()` is truthy, at most `timeoutMs` overall, and returns its last
   * result, as Python's `wait_for`. The lock must be held; the predicate runs holding it.
   */
  async waitFor<T>(predicate: () => T, timeoutMs?: number): Promise<T> {
    const deadline = deadlineFor(timeoutMs, "Condition.waitFor()");
    let result = predicate();
    while (!result && deadline > performance.now()) {
      await this.wait(deadline === Infinity ? undefined : deadline - performance.now());
      result = predicate();
    }
    return result;
  }

  /** Like {@linkcode waitFor}, blocking the thread: for worker code. */
  waitForSync<T>(predicate: () => T, timeoutMs?: number): T {
    const deadline = deadlineFor(timeoutMs, "Condition.waitForSync()");
    let result = predicate();
    while (!result && deadline > performance.now()) {
      this.waitSync(deadline === Infinity ? undefined : deadline - performance.now());
      result = predicate();
    }
    return result;
  }

  /** Wakes up to `n` (default 1) waiting threads. The lock must be held. */
  notify(n = 1): void {
    if (!(n >= 0) || (!Number.isInteger(n) && n !== Infinity)) {
      throw new RangeError(`Condition.notify() expects an integer n >= 0, received ${n}`);
    }
    this.#checkOwned("notify()");
    // Holding the lock keeps notifiers and joining waiters out: only token-taking races us.
    const wake = Math.min(n, Atomics.load(this.#cells, PENDING));
    if (wake === 0) return;
    Atomics.sub(this.#cells, PENDING, wake);
    Atomics.add(this.#cells, TOKENS, wake);
    Atomics.add(this.#cells, SEQ, 1);
    Atomics.notify(this.#cells, SEQ, wake);
  }

  /** Wakes every waiting thread (Python's `notify_all()`). The lock must be held. */
  notifyAll(): void {
    this.notify(Infinity);
  }

  /**
   * @internal Describes the condition and its lock for a worker; see `wire/codec.ts`.
   * @ignore
   */
  [toShared](): SharedRecord {
    return {
      kind: "Condition",
      state: { cells: this.#cells.buffer, lock: this.#lock[toShared]() },
    };
  }

  // A Lock does not say which thread holds it, so with one, "held" can only mean "locked", as
  // in Python's fallback for locks without `_is_owned`.
  #checkOwned(method: string): void {
    const owned = this.#lock instanceof RLock ? this.#lock.isOwned() : this.#lock.isLocked();
    if (!owned) throw new Error(`Condition.${method} was called without holding its lock`);
  }

  /** Joins the waiters, releases the lock fully: returns the deadline, RLock depth, generation. */
  #begin(timeoutMs: number | undefined, method: string): [number, number, number] {
    const deadline = deadlineFor(timeoutMs, `Condition.${method}`);
    this.#checkOwned(method);
    Atomics.add(this.#cells, PENDING, 1);
    const arrival = this.#seq(); // read holding the lock: every later notify counts this waiter
    let levels = 0;
    do {
      this.#lock.release();
      levels++;
    } while (this.#lock instanceof RLock && this.#lock.isOwned());
    return [deadline, levels, arrival];
  }

  /**
   * With the lock back (so no notify can run): restores the RLock depth; a waiter that got no
   * token, even a late one, leaves PENDING. If the lock's last owner died meanwhile, the lock
   * was taken anyway, so the caller's release still matches, and that OwnerDiedError is thrown.
   */
  #end(notified: boolean, levels: number, died: OwnerDiedError | null): boolean {
    for (let i = 1; i < levels; i++) this.#lock.acquireSync(); // re-entry: never waits
    if (!notified) Atomics.sub(this.#cells, PENDING, 1);
    if (died !== null) throw died;
    return notified;
  }

  #seq(): number {
    return Atomics.load(this.#cells, SEQ);
  }

  #takeToken(arrival: number): boolean {
    if (this.#seq() === arrival) return false; // no notify since this waiter arrived
    for (;;) {
      const tokens = Atomics.load(this.#cells, TOKENS);
      if (tokens === 0) return false;
      if (Atomics.compareExchange(this.#cells, TOKENS, tokens, tokens - 1) === tokens) return true;
    }
  }
}

// Python's spellings throw, naming ours (lib/internal/python_names.ts).
guardPythonNames(Condition, { wait_for: "waitFor", notify_all: "notifyAll" });

function tryOr<T>(attempt: () => T, onError: (error: unknown) => T): T {
  try {
    return attempt();
  } catch (error) {
    return onError(error);
  }
}

function ownerDied(error: unknown): OwnerDiedError {
  if (error instanceof OwnerDiedError) return error;
  throw error;
}
