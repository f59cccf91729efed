/**
 * Python's `multiprocessing.Lock` on a SharedArrayBuffer: a futex-style mutex that any thread
 * may hold, robust against an owner that dies holding it.
 *
 * @module
 */
import { noteSharedObject, registerShared, type SharedRecord, toShared } from "../wire/codec.ts";
import { Revival } from "../wire/shareable.ts";
import {
  deathWatch,
  heldUntilDisposed,
  isHeld,
  lockContended,
  MUTEX_WAIT,
  release,
  retryAsync,
  retrySync,
  tryLock,
} from "./futex.ts";
import { deadlineFor } from "./wait.ts";

/**
 * A lock shared by every thread it is passed to. `await acquire()` never blocks the event loop;
 * `acquireSync()` blocks (for worker code).
 *
 * If the holder's worker dies (closed, exited, crashed or terminated) while holding it, one
 * waiter takes it over once it has seen the holder dead for 100 ms (a shorter timeout runs out
 * first): that waiter's acquire throws {@linkcode OwnerDiedError} and leaves the lock free, so
 * acquire again; the other waiters just get it in turn. Python wedges here (cpython#96062). A
 * worker terminated in the middle of synchronous code runs on until that code returns (a Deno
 * limit): the 100 ms let a short critical section finish and release normally; a longer one may
 * overlap the next holder's, and its late `release()` throws instead of freeing the new
 * holder's lock.
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
  constructor();
  /**
   * @internal A copy over memory sent from another thread: see `Lock.#revive`.
   * @ignore
   */
  constructor(revival: Revival<Int32Array<SharedArrayBuffer>>);
  /** @ignore The implementation signature: users see the overloads above. */
  constructor(revival?: Revival<Int32Array<SharedArrayBuffer>>) {
    this.#cells = revival instanceof Revival
      ? revival.state
      : new Int32Array(new SharedArrayBuffer(4));
    noteSharedObject();
  }

  /** The Lock sent to this thread: the same one, over the memory it was sent. */
  static #revive(state: unknown): Lock {
    return new Lock(new Revival(new Int32Array(state as SharedArrayBuffer)));
  }

  static {
    registerShared("Lock", Lock.#revive);
  }

  /**
   * Acquires the lock, waiting at most `timeoutMs` (default: forever; 0 or negative: just try, as in Python). Resolves
   * `false` if the time ran out.
   */
  async acquire(timeoutMs?: number): Promise<boolean> {
    const deadline = deadlineFor(timeoutMs, "Lock.acquire()");
    const cells = this.#cells;
    if (tryLock(cells)) return true;
    const watch = deathWatch();
    return await retryAsync(cells, MUTEX_WAIT, () => lockContended(cells, "lock", watch), deadline);
  }

  /** Like {@linkcode acquire}, blocking the thread: for worker code. */
  acquireSync(timeoutMs?: number): boolean {
    const deadline = deadlineFor(timeoutMs, "Lock.acquireSync()");
    const cells = this.#cells;
    if (tryLock(cells)) return true;
    const watch = deathWatch();
    return retrySync(cells, MUTEX_WAIT, () => lockContended(cells, "lock", watch), deadline);
  }

  /** Releases the lock; throws if it is not locked. Any thread may release it, as in Python. */
  release(): void {
    if (!release(this.#cells)) {
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

  /**
   * @internal Describes the lock for a worker; see `wire/codec.ts`.
   * @ignore
   */
  [toShared](): SharedRecord {
    return { kind: "Lock", state: this.#cells.buffer };
  }
}
