/**
 * Python's `multiprocessing.RLock` on a SharedArrayBuffer: a re-entrant futex mutex, robust
 * against an owner that dies holding it, like {@linkcode Lock}.
 *
 * @module
 */
import { OwnerDiedError, TimeoutError } from "../errors.ts";
import { getCurrent, isDead } from "../process/_state.ts";
import { noteSharedObject, registerShared, type SharedRecord, toShared } from "./transport.ts";
import { deadlineFor, nextSlice, waitAsync, waitSync } from "./wait.ts";

// Cells: [STATE] 0 unlocked, 1 locked, 2 locked with possible waiters (as in Lock); [OWNER] the
// holder's pid; [COUNT] how many times the holder has acquired it without releasing.
const STATE = 0;
const OWNER = 1;
const COUNT = 2;
const UNLOCKED = 0;
const LOCKED = 1;
const CONTENDED = 2;

let revivedCells: Int32Array<SharedArrayBuffer> | null = null;

/**
 * A re-entrant lock shared by every thread it is passed to: the thread that holds it may acquire
 * it again, and must release it as many times. The owner is a thread (the main thread or one
 * worker), not an async function: two async functions on one thread share ownership, so use a
 * {@linkcode Lock} to keep them apart. If the owner's worker dies, the next acquirer gets
 * {@linkcode OwnerDiedError} and the lock is free again.
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
  constructor() {
    this.#cells = revivedCells ?? new Int32Array(new SharedArrayBuffer(12));
    revivedCells = null;
    noteSharedObject();
  }

  /**
   * Acquires the lock, or acquires it once more if this thread owns it; waits at most
   * `timeoutMs` (default: forever; 0: just try). Resolves `false` if the time ran out.
   */
  async acquire(timeoutMs?: number): Promise<boolean> {
    const deadline = deadlineFor(timeoutMs, "RLock.acquire()");
    if (this.#reenter() || this.#tryLock()) return true;
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
    const deadline = deadlineFor(timeoutMs, "RLock.acquireSync()");
    if (this.#reenter() || this.#tryLock()) return true;
    for (;;) {
      if (this.#lockContended()) return true;
      this.#recoverFromDeadOwner();
      const slice = nextSlice(deadline);
      if (slice <= 0) return false;
      waitSync(this.#cells, STATE, CONTENDED, slice);
    }
  }

  /**
   * Releases one level of ownership; the lock is free once every acquire has been released.
   * Throws if the lock is not locked, or is held by another thread (Python's RuntimeError).
   */
  release(): void {
    if (Atomics.load(this.#cells, STATE) === UNLOCKED) {
      throw new Error("RLock.release() was called on a lock that is not locked");
    }
    const owner = Atomics.load(this.#cells, OWNER);
    if (owner !== getCurrent().pid) {
      throw new Error(
        `RLock.release() was called by pid ${getCurrent().pid}, but pid ${owner} owns the lock`,
      );
    }
    if (Atomics.sub(this.#cells, COUNT, 1) > 1) return;
    Atomics.store(this.#cells, OWNER, 0);
    if (Atomics.sub(this.#cells, STATE, 1) !== LOCKED) {
      Atomics.store(this.#cells, STATE, UNLOCKED);
      Atomics.notify(this.#cells, STATE, 1);
    }
  }

  /** Acquires and returns a handle that releases on scope exit: `using _ = await rlock.locked()`. */
  async locked(timeoutMs?: number): Promise<Disposable> {
    if (!(await this.acquire(timeoutMs))) throw timedOut(timeoutMs);
    return { [Symbol.dispose]: () => this.release() };
  }

  /** Like {@linkcode locked}, blocking: `using _ = rlock.lockedSync()` in worker code. */
  lockedSync(timeoutMs?: number): Disposable {
    if (!this.acquireSync(timeoutMs)) throw timedOut(timeoutMs);
    return { [Symbol.dispose]: () => this.release() };
  }

  /** Whether some thread holds the lock right now. */
  isLocked(): boolean {
    return Atomics.load(this.#cells, STATE) !== UNLOCKED;
  }

  /** Whether this thread holds the lock (Python's `_is_owned()`). */
  isOwned(): boolean {
    return this.isLocked() && Atomics.load(this.#cells, OWNER) === getCurrent().pid;
  }

  /** @internal Describes the lock for a worker; see `transport.ts`. */
  [toShared](): SharedRecord {
    return { kind: "RLock", state: this.#cells.buffer };
  }

  #reenter(): boolean {
    // Only this thread ever writes its own pid into OWNER, so the check cannot race.
    if (!this.isOwned()) return false;
    Atomics.add(this.#cells, COUNT, 1);
    return true;
  }

  #tryLock(): boolean {
    if (Atomics.compareExchange(this.#cells, STATE, UNLOCKED, LOCKED) !== UNLOCKED) return false;
    this.#own();
    return true;
  }

  #lockContended(): boolean {
    if (Atomics.exchange(this.#cells, STATE, CONTENDED) !== UNLOCKED) return false;
    this.#own();
    return true;
  }

  #own(): void {
    Atomics.store(this.#cells, COUNT, 1);
    Atomics.store(this.#cells, OWNER, getCurrent().pid);
  }

  #recoverFromDeadOwner(): void {
    const owner = Atomics.load(this.#cells, OWNER);
    if (owner === 0 || !isDead(owner)) return;
    // Only the waiter that clears the owner frees the lock and reports the death.
    if (Atomics.compareExchange(this.#cells, OWNER, owner, 0) !== owner) return;
    Atomics.store(this.#cells, COUNT, 0);
    Atomics.store(this.#cells, STATE, UNLOCKED);
    Atomics.notify(this.#cells, STATE);
    throw new OwnerDiedError(
      `the owner of this RLock (pid ${owner}) died while holding it; the lock is free again, ` +
        "but the data it protects may be half-updated",
      owner,
    );
  }
}

function timedOut(timeoutMs: number | undefined): TimeoutError {
  return new TimeoutError(`RLock.locked() could not acquire the lock within ${timeoutMs} ms`);
}

registerShared("RLock", (state) => {
  revivedCells = new Int32Array(state as SharedArrayBuffer);
  return new RLock();
});
