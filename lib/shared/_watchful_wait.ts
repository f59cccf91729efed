// Holding and waiting on a Condition while watching for dead threads, for primitives built on
// one (Barrier): the lock is taken even from a holder that died, and a wait wakes every slice to
// look again, since a thread that died waiting never notifies.
import { OwnerDiedError } from "../errors.ts";
import type { Condition } from "./condition.ts";
import { refuseIfTerminated } from "./_death.ts";
import { deadlineFor, nextSlice } from "./wait.ts";

/** Called holding the lock when its previous holder died holding it, with that holder's pid. */
export type OnHolderDied = (pid: number) => void;

/**
 * One step of a waiting procedure, holding the lock: wait until `until()` is true, at most
 * `timeoutMs`; the procedure is told whether it became true.
 */
export type Step = readonly [until: () => boolean, timeoutMs: number | undefined];

/**
 * Runs `steps` for `method` holding the condition's lock (see {@linkcode lockWatching}), waiting
 * each step out with {@linkcode waitWatching}; returns what the steps return. If a wait throws,
 * the steps are closed first, so their `finally` bookkeeping runs holding the lock.
 */
export async function runSteps<T>(
  cond: Condition,
  steps: Generator<Step, T, boolean>,
  onDied: OnHolderDied,
  method: string,
): Promise<T> {
  using _held = await lockWatching(cond, onDied, method);
  try {
    let step = steps.next();
    while (!step.done) step = steps.next(await waitWatching(cond, ...step.value, onDied));
    return step.value;
  } finally {
    steps.return(undefined as T);
  }
}

/** Like {@linkcode runSteps}, blocking the thread: for worker code. */
export function runStepsSync<T>(
  cond: Condition,
  steps: Generator<Step, T, boolean>,
  onDied: OnHolderDied,
  method: string,
): T {
  using _held = lockWatchingSync(cond, onDied, method);
  try {
    let step = steps.next();
    while (!step.done) step = steps.next(waitWatchingSync(cond, ...step.value, onDied));
    return step.value;
  } finally {
    steps.return(undefined as T);
  }
}

function ownerDied(error: unknown): number {
  if (error instanceof OwnerDiedError) return error.ownerPid;
  throw error;
}

/**
 * For `method`, takes the condition's lock, over a dead holder if need be; releases it on scope
 * exit. Refuses a thread whose worker was terminated.
 */
export async function lockWatching(
  cond: Condition,
  onDied: OnHolderDied,
  method: string,
): Promise<Disposable> {
  refuseIfTerminated(`to call ${method}`);
  let died = 0;
  for (;;) {
    try {
      const held = await cond.locked();
      if (died !== 0) onDied(died);
      return held;
    } catch (error) {
      died = ownerDied(error);
    }
  }
}

/** Like {@linkcode lockWatching}, blocking the thread: for worker code. */
export function lockWatchingSync(
  cond: Condition,
  onDied: OnHolderDied,
  method: string,
): Disposable {
  refuseIfTerminated(`to call ${method}`);
  let died = 0;
  for (;;) {
    try {
      const held = cond.lockedSync();
      if (died !== 0) onDied(died);
      return held;
    } catch (error) {
      died = ownerDied(error);
    }
  }
}

/**
 * Holding the lock, waits until `look()` is true (it runs holding the lock, at least once a
 * slice) or `timeoutMs` (validated by the caller) has passed; resolves whether `look()` was.
 */
export async function waitWatching(
  cond: Condition,
  look: () => boolean,
  timeoutMs: number | undefined,
  onDied: OnHolderDied,
): Promise<boolean> {
  const deadline = deadlineFor(timeoutMs, "waitWatching()");
  for (;;) {
    if (look()) return true;
    const slice = nextSlice(deadline);
    if (slice <= 0) return false;
    try {
      await cond.wait(slice);
    } catch (error) {
      onDied(ownerDied(error)); // Condition.wait() took the lock back before throwing
    }
  }
}

/** Like {@linkcode waitWatching}, blocking the thread: for worker code. */
export function waitWatchingSync(
  cond: Condition,
  look: () => boolean,
  timeoutMs: number | undefined,
  onDied: OnHolderDied,
): boolean {
  const deadline = deadlineFor(timeoutMs, "waitWatchingSync()");
  for (;;) {
    if (look()) return true;
    const slice = nextSlice(deadline);
    if (slice <= 0) return false;
    try {
      cond.waitSync(slice);
    } catch (error) {
      onDied(ownerDied(error));
    }
  }
}
