/**
 * Python's `multiprocessing.Lock` on a SharedArrayBuffer: a futex-style mutex that any thread
 * may hold, robust against an owner that dies holding it.
 *
 * @module
 */
import { noteSharedObject, registerShared, type SharedRecord, toShared } from "./transport.ts";
import {
  heldUntilDisposed,
  isHeld,
  lockContended,
  MUTEX_WAIT,
  retryAsync,
  retrySync,
  tryLock,
  unlock,
} from "./futex.ts";
import { deadlineFor } from "./wait.ts";

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
    this.#cells = revivedCells ?? new Int32Array(new SharedArrayBuffer(4));
    revivedCells = null;
    noteSharedObject();
  }

  /**
   * Acquires the lock, waiting at most `timeoutMs` (default: forever; 0: just try). Resolves
   * `false` if the time ran out.
   */
  async acquire(timeoutMs?: number): Promise<boolean> {
    const deadline = deadlineFor(timeoutMs, "Lock.acquire()");
    const cells = this.#cells;
    if (tryLock(cells)) return true;
    return await retryAsync(cells, MUTEX_WAIT, () => lockContended(cells, "lock"), deadline);
  }

  /** Like {@linkcode acquire}, blocking the thread: for worker code. */
  acquireSync(timeoutMs?: number): boolean {
    const deadline = deadlineFor(timeoutMs, "Lock.acquireSync()");
    const cells = this.#cells;
    if (tryLock(cells)) return true;
    return retrySync(cells, MUTEX_WAIT, () => lockContended(cells, "lock"), deadline);
  }

  /** Releases the lock; throws if it is not locked. Any thread may release it, as in Python. */
  release(): void {
    if (!unlock(this.#cells)) {
      throw new Error("Lock.release() was called on a lock that is not locked");
    }
  }

  /** Acquires and returns a handle that releases on scope exit: `using _ = await lock.locked()`. */
  async locked(timeoutMs?: number): Promise<Disposable> {
    const acquired = await this.acquire(timeoutMs);
    return heldUntilDisposed(acquired, () => this.release(), "Lock.locked()", timeoutMs);
  }

  /** Like {@linkcode locked}, blocking: `using _ = lock.lockedSync()` in worker code. */
  lockedSync(timeoutMs?: number): Disposable {
    const acquired = this.acquireSync(timeoutMs);
    return heldUntilDisposed(acquired, () => this.release(), "Lock.lockedSync()", timeoutMs);
  }

  /** Whether some thread holds the lock right now. */
  isLocked(): boolean {
    return isHeld(this.#cells);
  }

  /** @internal Describes the lock for a worker; see `transport.ts`. */
  [toShared](): SharedRecord {
    return { kind: "Lock", state: this.#cells.buffer };
  }
}

registerShared("Lock", (state) => {
  revivedCells = new Int32Array(state as SharedArrayBuffer);
  return new Lock();
});
