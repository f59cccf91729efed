// Tasks that cooperate with cancellation, for the JSDoc examples of `currentTask()` and
// `checkCancelled()`. A task must be exported from a module (given as the pool's `module`) to see
// imports such as checkCancelled.
import { checkCancelled, currentTask } from "../lib/worker/current_task.ts";

/** Counts until cancelled, checking the shared flag every 1024 steps. */
export function countUntilCancelled(): number {
  let count = 0;
  for (;;) {
    count++;
    if (count % 1024 === 0) checkCancelled();
  }
}

/** Resolves with the reason's name once the call's signal aborts. */
export function waitForAbort(): Promise<string> {
  const signal = currentTask().signal;
  return new Promise((resolve) => {
    signal.addEventListener("abort", () => resolve(String(signal.reason?.name)));
  });
}

/** Spins for `ms` without looking at cancellation: what a careless task does. */
export function spinIgnoringCancellation(ms: number): number {
  const end = performance.now() + ms;
  let spins = 0;
  while (performance.now() < end) spins++;
  return spins;
}
