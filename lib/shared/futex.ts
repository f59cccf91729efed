/**
 * The pieces every primitive repeats: a mutex's steps on its shared cells (Lock and RLock), the
 * retry-and-wait loop in its blocking and non-blocking forms, and the handle `locked()` returns.
 *
 * @module
 */
import { OwnerDiedError, TimeoutError } from "../errors.ts";
import { getCurrent, isDead } from "../internal/threads.ts";
import { nextSlice, waitAsync, waitSync } from "./wait.ts";
import { type DeathWatch, inGrace, refuseIfTerminated } from "./_death.ts";

export { type DeathWatch, deathWatch } from "./_death.ts";

// A mutex is one Int32 cell: 0 when free, else the holder's pid, with WAITERS set once some
// thread may sleep on it. Owner and state in one cell make taking and freeing it a single atomic
// step each: half the cost of a separate owner cell (deno task bench:access).
export const STATE = 0;
const UNLOCKED = 0;
const WAITERS = 1 << 30;
const PID_MASK = WAITERS - 1;
/** Tries on a held mutex before sleeping: a holder on another core usually lets go within these. */
const SPINS = navigator.hardwareConcurrency > 1 ? 100 : 0;

function ownPid(): number {
  const pid = getCurrent().pid;
  if (pid > PID_MASK) {
    throw new RangeError(`pid ${pid} does not fit a mutex cell (max ${PID_MASK})`);
  }
  return pid;
}

/** Takes a free mutex, spinning briefly while another core holds it; records this thread. */
export function tryLock(cells: Int32Array<SharedArrayBuffer>): boolean {
  const pid = ownPid();
  if (Atomics.compareExchange(cells, STATE, UNLOCKED, pid) === UNLOCKED) return true;
  for (let spin = 0; spin < SPINS; spin++) {
    // Each look at the cell pulls its cache line from the holder's core, which then waits to
    // get it back to let go: wait longer between looks the longer the lock stays held.
    backOff(spin);
    if (
      Atomics.load(cells, STATE) === UNLOCKED &&
      Atomics.compareExchange(cells, STATE, UNLOCKED, pid) === UNLOCKED
    ) return true;
  }
  return false;
}

let backOffSink = 0;
/** A short busy wait, growing with `spin` (JavaScript has no pause instruction). */
function backOff(spin: number): void {
  let x = backOffSink;
  for (let i = 0, n = 8 << Math.min(spin, 6); i < n; i++) x = (x * 31 + i) | 0;
  backOffSink = x;
}

/** The pid of the mutex's holder, 0 if it is free. */
export function ownerOf(cells: Int32Array<SharedArrayBuffer>): number {
  return Atomics.load(cells, STATE) & PID_MASK;
}

/**
 * One contended attempt: takes the mutex if it is free (marked as waited on, since others may
 * sleep on it), else marks it so its holder wakes a sleeper. If its holder died and `watch` has
 * seen it dead for its grace (see `_death.ts`), takes it from the dead, runs `reset`, frees it
 * and throws `OwnerDiedError` (only the waiter that took it).
 */
export function lockContended(
  cells: Int32Array<SharedArrayBuffer>,
  what: string,
  watch: DeathWatch,
  reset: () => void = () => {},
): boolean {
  const pid = ownPid();
  refuseIfTerminated(`to acquire a ${what}`);
  const seen = Atomics.load(cells, STATE);
  if (seen === UNLOCKED) {
    return Atomics.compareExchange(cells, STATE, UNLOCKED, pid | WAITERS) === UNLOCKED;
  }
  const owner = seen & PID_MASK;
  if (isDead(owner) && !inGrace(watch, owner)) {
    if (Atomics.compareExchange(cells, STATE, seen, pid | WAITERS) !== seen) return false;
    reset();
    unlock(cells);
    throw new OwnerDiedError(
      `the owner of this ${what} (pid ${owner}) died while holding it; the lock is free again, ` +
        "but the data it protects may be half-updated",
      owner,
    );
  }
  if ((seen & WAITERS) === 0) Atomics.compareExchange(cells, STATE, seen, seen | WAITERS);
  return false;
}

/**
 * Frees the mutex for whichever thread calls (Python lets any thread release a Lock), waking one
 * waiter if any may be waiting; `false` if it was not held. A terminated thread that still runs
 * may only free a mutex it still holds: one taken over meanwhile belongs to someone else, so it
 * throws instead. Freeing one's own mutex is a single compare-and-swap.
 */
export function release(cells: Int32Array<SharedArrayBuffer>): boolean {
  const pid = getCurrent().pid;
  if (Atomics.compareExchange(cells, STATE, pid, UNLOCKED) === pid) return true;
  for (;;) {
    const seen = Atomics.load(cells, STATE);
    if (seen === UNLOCKED) return false;
    if ((seen & PID_MASK) !== pid) refuseIfTerminated("to release a lock taken over from it");
    if (Atomics.compareExchange(cells, STATE, seen, UNLOCKED) !== seen) continue;
    if ((seen & WAITERS) !== 0) Atomics.notify(cells, STATE, 1);
    return true;
  }
}

/**
 * Frees the mutex and wakes one waiter if any may be waiting; `false` if it was not held (then
 * nothing changed). One atomic step: a separate check would cost another (bench:access).
 */
export function unlock(cells: Int32Array<SharedArrayBuffer>): boolean {
  const was = Atomics.exchange(cells, STATE, UNLOCKED);
  if ((was & WAITERS) !== 0) Atomics.notify(cells, STATE, 1);
  return was !== UNLOCKED;
}

/** Whether the mutex is held by some thread. */
export function isHeld(cells: Int32Array<SharedArrayBuffer>): boolean {
  return Atomics.load(cells, STATE) !== UNLOCKED;
}

/**
 * Sleeps on a held mutex between attempts, while it is still held and marked as waited on (a
 * changed cell wakes the sleeper at once, and it looks again).
 */
export const MUTEX_WAIT: WaitOn = {
  index: STATE,
  expected: (cells) => Atomics.load(cells, STATE) | WAITERS,
};

/** Where to sleep between attempts: while `cells[index]` still holds `expected`. */
export interface WaitOn {
  readonly index: number;
  /** The value, or how to read it just before sleeping. */
  readonly expected: number | ((cells: Int32Array<SharedArrayBuffer>) => number);
}

function expectedOf(cells: Int32Array<SharedArrayBuffer>, on: WaitOn): number {
  return typeof on.expected === "number" ? on.expected : on.expected(cells);
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
    await waitAsync(cells, on.index, expectedOf(cells, on), slice);
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
    waitSync(cells, on.index, expectedOf(cells, on), slice);
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
