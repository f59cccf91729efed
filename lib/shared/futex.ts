/**
 * The pieces every primitive repeats: a mutex's steps on its shared cells (Lock and RLock), the
 * retry-and-wait loop in its blocking and non-blocking forms, and the handle `locked()` returns.
 *
 * @module
 */
import { OwnerDiedError, TimeoutError } from "../errors.ts";
import { getCurrent, isDead } from "../process/_state.ts";
import { nextSlice, waitAsync, waitSync } from "./wait.ts";

// Mutex cells: [STATE] 0 unlocked, 1 locked, 2 locked with possible waiters; [OWNER] holder's pid.
export const STATE = 0;
export const OWNER = 1;
const UNLOCKED = 0;
const LOCKED = 1;
const CONTENDED = 2;

/** Takes an unlocked mutex at once; records this thread as its owner. */
export function tryLock(cells: Int32Array<SharedArrayBuffer>): boolean {
  if (Atomics.compareExchange(cells, STATE, UNLOCKED, LOCKED) !== UNLOCKED) return false;
  Atomics.store(cells, OWNER, getCurrent().pid);
  return true;
}

/**
 * One contended attempt: marks the mutex as waited on and takes it if it was free; else frees it
 * if its owner died (throwing `OwnerDiedError` to the one waiter that noticed, after `reset`).
 */
export function lockContended(
  cells: Int32Array<SharedArrayBuffer>,
  what: string,
  reset: () => void = () => {},
): boolean {
  if (Atomics.exchange(cells, STATE, CONTENDED) === UNLOCKED) {
    Atomics.store(cells, OWNER, getCurrent().pid);
    return true;
  }
  const owner = Atomics.load(cells, OWNER);
  if (owner === 0 || !isDead(owner)) return false;
  // Only the waiter that clears the owner frees the mutex and reports the death.
  if (Atomics.compareExchange(cells, OWNER, owner, 0) !== owner) return false;
  reset();
  Atomics.store(cells, STATE, UNLOCKED);
  Atomics.notify(cells, STATE);
  throw new OwnerDiedError(
    `the owner of this ${what} (pid ${owner}) died while holding it; the lock is free again, ` +
      "but the data it protects may be half-updated",
    owner,
  );
}

/** Frees the mutex and wakes one waiter if any may be waiting. */
export function unlock(cells: Int32Array<SharedArrayBuffer>): void {
  // The owner is cleared before the state so that a waiter never sees a past owner's pid on a
  // lock that a live thread has just taken.
  Atomics.store(cells, OWNER, 0);
  if (Atomics.exchange(cells, STATE, UNLOCKED) === CONTENDED) Atomics.notify(cells, STATE, 1);
}

/** Whether the mutex is held by some thread. */
export function isHeld(cells: Int32Array<SharedArrayBuffer>): boolean {
  return Atomics.load(cells, STATE) !== UNLOCKED;
}

/** Sleeps on a held, contended mutex between attempts. */
export const MUTEX_WAIT = { index: STATE, expected: CONTENDED } as const;

/** Where to sleep between attempts: while `cells[index]` still holds `expected`. */
export interface WaitOn {
  readonly index: number;
  readonly expected: number;
}

/**
 * Repeats `attempt` until it succeeds, sleeping on the cell between tries without blocking the
 * event loop; `false` once `deadline` (from `deadlineFor`, so bad timeouts fail before any
 * fast path) has passed.
 */
export async function retryAsync(
  cells: Int32Array<SharedArrayBuffer>,
  on: WaitOn,
  attempt: () => boolean,
  deadline: number,
): Promise<boolean> {
  for (;;) {
    if (attempt()) return true;
    const slice = nextSlice(deadline);
    if (slice <= 0) return false;
    await waitAsync(cells, on.index, on.expected, slice);
  }
}

/** Like {@linkcode retryAsync}, blocking the thread: for worker code. */
export function retrySync(
  cells: Int32Array<SharedArrayBuffer>,
  on: WaitOn,
  attempt: () => boolean,
  deadline: number,
): boolean {
  for (;;) {
    if (attempt()) return true;
    const slice = nextSlice(deadline);
    if (slice <= 0) return false;
    waitSync(cells, on.index, on.expected, slice);
  }
}

/** The handle of `using _ = await x.locked()`, or a `TimeoutError` if it was not acquired. */
export function heldUntilDisposed(
  acquired: boolean,
  release: () => void,
  method: string,
  timeoutMs: number | undefined,
): Disposable {
  if (!acquired) throw new TimeoutError(`${method} could not acquire within ${timeoutMs} ms`);
  return { [Symbol.dispose]: release };
}
