// What the shared primitives do about threads that died: a waiter's grace before it takes a
// dead owner's mutex over, and the refusal of a terminated thread that still runs.
//
// Deno's `Worker.terminate()` stops a worker only once its synchronous code returns to the
// event loop (it interrupts neither a loop nor `Atomics.wait`), but the parent marks its pid
// dead at once (see `internal/threads.ts`). Such a thread may be in the middle of a critical
// section, or may start new ones: the grace lets it finish a short one, and every primitive
// refuses it from then on, so that its code throws and returns to the event loop, where it ends.
import { getCurrent, isDead } from "../internal/threads.ts";

/** How long a waiter lets a dead owner keep a mutex before taking it over. */
export const TAKEOVER_GRACE_MS = 100;

/** What one acquire remembers of a dead owner between attempts: whom, and since when. */
export interface DeathWatch {
  pid: number;
  since: number;
}

/** A fresh {@linkcode DeathWatch}, one per acquire that has to wait. */
export function deathWatch(): DeathWatch {
  return { pid: 0, since: 0 };
}

/** Whether `owner`, seen dead now, is still within its grace for the waiter keeping `watch`. */
export function inGrace(watch: DeathWatch, owner: number): boolean {
  const now = performance.now();
  if (watch.pid !== owner) {
    watch.pid = owner;
    watch.since = now;
  }
  return now - watch.since < TAKEOVER_GRACE_MS;
}

/** Throws if this thread's worker was terminated but still runs: `doing` says what it tried. */
export function refuseIfTerminated(doing: string): void {
  const pid = getCurrent().pid;
  if (isDead(pid)) {
    throw new Error(
      `pid ${pid} tried ${doing}, but its worker was terminated: a terminated worker that still ` +
        "runs may not use shared locks, barriers or queues any more",
    );
  }
}
