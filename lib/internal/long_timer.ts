/**
 * Timers longer than the 2^31−1 ms (about 24.9 days) that `setTimeout` can hold: above that,
 * Deno (like Node and browsers) fires the timer after 1 ms instead. A longer delay is split
 * into equal steps of one repeating timer, so the handle stays a single timer that
 * `clearTimeout` (or {@linkcode clearLongTimeout}) cancels.
 *
 * @module
 */

/** The longest delay one `setTimeout` waits for: 2^31−1 ms, about 24.9 days. */
export const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

/** A handle of {@linkcode setLongTimeout}; `clearTimeout` and `clearInterval` accept it. */
export type LongTimer = ReturnType<typeof setInterval>;

/** The timer functions the scheduler uses; tests pass fake ones. */
export interface TimerFunctions {
  setTimeout(callback: () => void, ms: number): LongTimer;
  setInterval(callback: () => void, ms: number): LongTimer;
  clearInterval(timer: LongTimer): void;
}

const GLOBAL_TIMERS: TimerFunctions = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  setInterval: (callback, ms) => setInterval(callback, ms),
  clearInterval: (timer) => clearInterval(timer),
};

/**
 * Runs `callback` once after `delayMs`, however long: unlike `setTimeout`, a delay above
 * {@linkcode MAX_TIMER_DELAY_MS} is waited for in full. `delayMs` must be finite and >= 0: a
 * caller with no time limit (`Infinity`) arms no timer at all.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * let fired = false;
 * const timer = setLongTimeout(() => fired = true, 2 ** 40); // 34.8 years, not 1 ms
 * await new Promise((resolve) => setTimeout(resolve, 20));
 * assert.equal(fired, false);
 * clearLongTimeout(timer);
 * ```
 */
export function setLongTimeout(callback: () => void, delayMs: number): LongTimer {
  return scheduleLongTimeout(callback, delayMs, GLOBAL_TIMERS, MAX_TIMER_DELAY_MS);
}

/** Cancels a {@linkcode setLongTimeout} timer (`undefined` is ignored, as by `clearTimeout`). */
export function clearLongTimeout(timer: LongTimer | undefined): void {
  clearInterval(timer);
}

/**
 * {@linkcode setLongTimeout} over given timer functions, with steps of at most `maxStepMs`:
 * the testable core. `k = ceil(delay / maxStep)` steps of `delay / k` each sum to the delay.
 */
export function scheduleLongTimeout(
  callback: () => void,
  delayMs: number,
  timers: TimerFunctions,
  maxStepMs: number,
): LongTimer {
  if (typeof delayMs !== "number" || !Number.isFinite(delayMs) || delayMs < 0) {
    throw new RangeError(
      `setLongTimeout() expects a finite delay in milliseconds >= 0, received ${delayMs}`,
    );
  }
  const steps = Math.ceil(delayMs / maxStepMs);
  if (steps <= 1) return timers.setTimeout(callback, delayMs);
  let stepsLeft = steps;
  const timer = timers.setInterval(() => {
    if (--stepsLeft > 0) return;
    timers.clearInterval(timer);
    callback();
  }, delayMs / steps);
  return timer;
}
