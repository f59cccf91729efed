/**
 * Python's `multiprocessing.Lock` on a SharedArrayBuffer: a futex-style mutex that any thread
 * may hold, robust against an owner that dies holding it.
 *
 * @module
 */
import { OwnerDiedError, TimeoutError } from "../errors.ts";
import { getCurrent, isDead } from "../process/_state.ts";
import { noteSharedObject, registerShared, type SharedRecord, toShared } from "./transport.ts";
import { deadlineFor, nextSlice, waitAsync, waitSync } from "./wait.ts";

// Cells: [STATE] 0 unlocked, 1 locked, 2 locked with possible waiters; [OWNER] holder's pid.
const STATE = 0;
const OWNER = 1;
const UNLOCKED = 0;
const LOCKED = 1;
const CONTENDED = 2;

let revivedCells: Int32Array<SharedArrayBuffer> | null = null;

/**
 * A lock shared by every thread it is passed to. `await acquire()` never blocks the event loop;
 * `acquireSync()` blocks (for worker code). If the holder's worker dies, the next acquirer gets
 * {@linkcode OwnerDiedError} and the lock is free again: Python wedges here (cpython#96062).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const lock = new Lock();
 * {
 *   using _held = await lock.locked();
 *   assert.equal(await lock.acquire(0), false); // held: a zero timeout does not wait
 * }
 * assert.equal(await lock.acquire(0), true);
 * lock.release();
 * ```
 */
export class Lock {
  readonly #cells: Int32Array<SharedArrayBuffer>;

  /** Creates an unlocked lock in new shared memory. */
  constructor() {
    this.#cells = revivedCells ?? new Int32Array(new SharedArrayBuffer(8));
    revivedCells = null;
    noteSharedObject();
  }

  /**
   * Acquires the lock, waiting at most `timeoutMs` (default: forever; 0: just try). Resolves
   * `false` if the time ran out.
   */
  async acquire(timeoutMs?: number): Promise<boolean> {
    const deadline = deadlineFor(timeoutMs, "Lock.acquire()");
    if (this.#tryLock()) return true;
    for (;;) {
      if (this.#lockContended()) return true;
      this.#recoverFromDeadOwner();
      const slice = nextSlice(deadline);
      if (slice <= 0) return false;
      await waitAsync(this.#cells, STATE, CONTENDED, slice);
    }
  }

  /** Like {@linkcode acquire}, blocking the thread: for worker code. */
  acquireSync(timeoutMs?: number): boolean {
    const deadline = deadlineFor(timeoutMs, "Lock.acquireSync()");
    if (this.#tryLock()) return true;
    for (;;) {
      if (this.#lockContended()) return true;
      this.#recoverFromDeadOwner();
      const slice = nextSlice(deadline);
      if (slice <= 0) return false;
      waitSync(this.#cells, STATE, CONTENDED, slice);
    }
  }

  /** Releases the lock; throws if it is not locked. Any thread may release it, as in Python. */
  release(): void {
    if (Atomics.load(this.#cells, STATE) === UNLOCKED) {
      throw new Error("Lock.release() was called on a lock that is not locked");
    }
    // The owner is cleared before the state so that a waiter never sees a past owner's pid on a
    // lock that a live thread has just taken.
    Atomics.store(this.#cells, OWNER, 0);
    if (Atomics.exchange(this.#cells, STATE, UNLOCKED) === CONTENDED) {
      Atomics.notify(this.#cells, STATE, 1);
    }
  }

  /** Acquires and returns a handle that releases on scope exit: `using _ = await lock.locked()`. */
  async locked(timeoutMs?: number): Promise<Disposable> {
    if (!(await this.acquire(timeoutMs))) throw this.#timedOut(timeoutMs);
    return { [Symbol.dispose]: () => this.release() };
  }

  /** Like {@linkcode locked}, blocking: `using _ = lock.lockedSync()` in worker code. */
  lockedSync(timeoutMs?: number): Disposable {
    if (!this.acquireSync(timeoutMs)) throw this.#timedOut(timeoutMs);
    return { [Symbol.dispose]: () => this.release() };
  }

  /** Whether some thread holds the lock right now. */
  isLocked(): boolean {
    return Atomics.load(this.#cells, STATE) !== UNLOCKED;
  }

  /** @internal Describes the lock for a worker; see `transport.ts`. */
  [toShared](): SharedRecord {
    return { kind: "Lock", state: this.#cells.buffer };
  }

  #tryLock(): boolean {
    if (Atomics.compareExchange(this.#cells, STATE, UNLOCKED, LOCKED) !== UNLOCKED) return false;
    Atomics.store(this.#cells, OWNER, getCurrent().pid);
    return true;
  }

  #lockContended(): boolean {
    if (Atomics.exchange(this.#cells, STATE, CONTENDED) !== UNLOCKED) return false;
    Atomics.store(this.#cells, OWNER, getCurrent().pid);
    return true;
  }

  #recoverFromDeadOwner(): void {
    const owner = Atomics.load(this.#cells, OWNER);
    if (owner === 0 || !isDead(owner)) return;
    // Only the waiter that clears the owner frees the lock and reports the death.
    if (Atomics.compareExchange(this.#cells, OWNER, owner, 0) !== owner) return;
    Atomics.store(this.#cells, STATE, UNLOCKED);
    Atomics.notify(this.#cells, STATE);
    throw new OwnerDiedError(
      `the owner of this lock (pid ${owner}) died while holding it; the lock is free again, ` +
        "but the data it protects may be half-updated",
      owner,
    );
  }

  #timedOut(timeoutMs: number | undefined): TimeoutError {
    return new TimeoutError(`Lock.locked() could not acquire the lock within ${timeoutMs} ms`);
  }
}

registerShared("Lock", (state) => {
  revivedCells = new Int32Array(state as SharedArrayBuffer);
  return new Lock();
});
