/**
 * Python's `multiprocessing.RLock` on a SharedArrayBuffer: a re-entrant futex mutex, robust
 * against an owner that dies holding it, like {@linkcode Lock}.
 *
 * @module
 */
import { getCurrent } from "../internal/threads.ts";
import { noteSharedObject, registerShared, type SharedRecord, toShared } from "../wire/codec.ts";
import { Revival } from "../wire/shareable.ts";
import {
  type DeathWatch,
  deathWatch,
  heldUntilDisposed,
  isHeld,
  lockContended,
  MUTEX_WAIT,
  ownerOf,
  retryAsync,
  retrySync,
  tryLock,
  unlock,
} from "./futex.ts";
import { deadlineFor } from "./wait.ts";

// Cells: the mutex cell as in Lock (see futex.ts), then [COUNT] how many times the holder has
// acquired it without releasing.
const COUNT = 1;

/**
 * A re-entrant lock shared by every thread it is passed to: the thread that holds it may acquire
 * it again, and must release it as many times. The owner is a thread (the main thread or one
 * worker), not an async function: two async functions on one thread share ownership, so use a
 * {@linkcode Lock} to keep them apart. If the owner's worker dies holding it, however many times
 * it acquired it, one waiter takes it over as with a {@linkcode Lock}: its acquire throws
 * {@linkcode OwnerDiedError} and leaves the lock free, with no acquires left to release.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const rlock = new RLock();
 * {
 *   using _outer = await rlock.locked();
 *   using _inner = await rlock.locked(); // the owner may take it again
 *   assert.equal(rlock.isOwned(), true);
 * }
 * assert.equal(rlock.isLocked(), false);
 * assert.throws(() => rlock.release(), /not locked/);
 * ```
 */
export class RLock {
  readonly #cells: Int32Array<SharedArrayBuffer>;

  /** Creates an unlocked re-entrant lock in new shared memory. */
  constructor();
  /**
   * @internal A copy over memory sent from another thread: see `RLock.#revive`.
   * @ignore
   */
  constructor(revival: Revival<Int32Array<SharedArrayBuffer>>);
  /** @ignore The implementation signature: users see the overloads above. */
  constructor(revival?: Revival<Int32Array<SharedArrayBuffer>>) {
    this.#cells = revival instanceof Revival
      ? revival.state
      : new Int32Array(new SharedArrayBuffer(8));
    noteSharedObject();
  }

  /** The RLock sent to this thread: the same one, over the memory it was sent. */
  static #revive(state: unknown): RLock {
    return new RLock(new Revival(new Int32Array(state as SharedArrayBuffer)));
  }

  static {
    registerShared("RLock", RLock.#revive);
  }

  /**
   * Acquires the lock, or acquires it once more if this thread owns it; waits at most
   * `timeoutMs` (default: forever; 0 or negative: just try, as in Python). Resolves `false` if the time ran out.
   */
  async acquire(timeoutMs?: number): Promise<boolean> {
    const deadline = deadlineFor(timeoutMs, "RLock.acquire()");
    if (this.#reenter() || this.#own(tryLock(this.#cells))) return true;
    const watch = deathWatch();
    return await retryAsync(this.#cells, MUTEX_WAIT, () => this.#lockContended(watch), deadline);
  }

  /** Like {@linkcode acquire}, blocking the thread: for worker code. */
  acquireSync(timeoutMs?: number): boolean {
    const deadline = deadlineFor(timeoutMs, "RLock.acquireSync()");
    if (this.#reenter() || this.#own(tryLock(this.#cells))) return true;
    const watch = deathWatch();
    return retrySync(this.#cells, MUTEX_WAIT, () => this.#lockContended(watch), deadline);
  }

  /**
   * Releases one level of ownership; the lock is free once every acquire has been released.
   * Throws if the lock is not locked, or is held by another thread (Python's RuntimeError).
   */
  release(): void {
    if (!isHeld(this.#cells)) {
      throw new Error("RLock.release() was called on a lock that is not locked");
    }
    const owner = ownerOf(this.#cells);
    if (owner !== getCurrent().pid) {
      throw new Error(
        `RLock.release() was called by pid ${getCurrent().pid}, but pid ${owner} owns the lock`,
      );
    }
    if (Atomics.sub(this.#cells, COUNT, 1) > 1) return;
    unlock(this.#cells);
  }

  /** Acquires and returns a handle that releases on scope exit: `using _ = await rlock.locked()`. */
  async locked(timeoutMs?: number): Promise<Disposable> {
    const acquired = await this.acquire(timeoutMs);
    return heldUntilDisposed(acquired, () => this.release(), "RLock.locked()", timeoutMs);
  }

  /** Like {@linkcode locked}, blocking: `using _ = rlock.lockedSync()` in worker code. */
  lockedSync(timeoutMs?: number): Disposable {
    const acquired = this.acquireSync(timeoutMs);
    return heldUntilDisposed(acquired, () => this.release(), "RLock.lockedSync()", timeoutMs);
  }

  /** Whether some thread holds the lock right now. */
  isLocked(): boolean {
    return isHeld(this.#cells);
  }

  /** Whether this thread holds the lock (Python's `_is_owned()`). */
  isOwned(): boolean {
    return ownerOf(this.#cells) === getCurrent().pid;
  }

  /**
   * @internal Describes the lock for a worker; see `wire/codec.ts`.
   * @ignore
   */
  [toShared](): SharedRecord {
    return { kind: "RLock", state: this.#cells.buffer };
  }

  #reenter(): boolean {
    // Only this thread ever puts its own pid into the mutex cell, so the check cannot race.
    if (!this.isOwned()) return false;
    Atomics.add(this.#cells, COUNT, 1);
    return true;
  }

  #lockContended(watch: DeathWatch): boolean {
    const reset = () => Atomics.store(this.#cells, COUNT, 0);
    return this.#own(lockContended(this.#cells, "RLock", watch, reset));
  }

  // A fresh hold counts one acquire.
  #own(taken: boolean): boolean {
    if (taken) Atomics.store(this.#cells, COUNT, 1);
    return taken;
  }
}
