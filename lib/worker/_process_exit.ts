// What a Process's thread does after its target returned and before the Process ends: wait, as
// Python's child does before it exits, for its children (`_exit_function` joins them) and for the
// work still due on its own event loop (`threading._shutdown` joins non-daemon threads; here the
// timers that are not unref'd, see `_pending_timers.ts`). The worker and child scripts install it
// under a global symbol, so the Process can ask for it with a self-contained task in any build
// (a bundle has no module URL to import it from).
import { liveChildren } from "./_children.ts";
import { pendingTimerCount, timersSettled, trackTimers } from "./_pending_timers.ts";

/** The global symbol under which a worker or child offers {@linkcode settleBeforeExit}. */
export const SETTLE_KEY: unique symbol = Symbol.for("multiproc.settleBeforeExit") as never;

// Whether this thread still has to dispatch `unload` when its Process ends (see below).
let unloadAtEnd = false;

/**
 * Resolves once this thread has no live child Process and no due timer left, then dispatches
 * `unload`, as a Deno program does when it ends and as Python's child runs its atexit handlers:
 * the parent then stops the worker thread or kills the child process, which brings no such
 * event of its own. (A target that calls `Deno.exit()` gets Deno's own.)
 */
export async function settleBeforeExit(): Promise<void> {
  await settled();
  if (unloadAtEnd) {
    unloadAtEnd = false;
    globalThis.dispatchEvent(new Event("unload"));
  }
}

async function settled(): Promise<void> {
  for (;;) {
    const children = liveChildren();
    if (children.length > 0) {
      await Promise.all(children.map((child) => child.join()));
      continue;
    }
    if (pendingTimerCount() > 0) {
      await timersSettled();
      continue;
    }
    // A child that a timer started after the timers settled is waited for on the next turn.
    await timersSettled();
    if (liveChildren().length === 0 && pendingTimerCount() === 0) return;
  }
}

/** Called by the worker and child scripts before any task code runs. */
export function installSettleBeforeExit(): void {
  unloadAtEnd = true;
  trackTimers();
  (globalThis as Record<symbol, unknown>)[SETTLE_KEY] = settleBeforeExit;
}
