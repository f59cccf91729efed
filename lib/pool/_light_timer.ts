/**
 * A timer for the pool's own short waits (its release and staggered-start timers) that does not
 * go through the global `setTimeout`: in Deno 2.9 the first `setTimeout` of a process loads
 * the runtime's timer machinery, measured at 10–20 ms on a quiet 2-core machine and 60–120 ms
 * on a busy one (0.02 ms for every later call), and a pool's first result would wait for it. `Atomics.waitAsync` with a
 * timeout is V8's own timer and costs about 0.2 ms the first time. Where it is missing, the
 * global `setTimeout` is used.
 *
 * Like an unref'd timer, it does not keep the process running by itself: the pool's workers do,
 * until they are released.
 *
 * @module
 */

/** A pending {@linkcode lightTimeout}. */
export interface LightTimer {
  /** Stops it: `fn` will not be called. Harmless once it has fired. */
  cancel(): void;
}

type WaitAsync = (
  cells: Int32Array,
  index: number,
  value: number,
  timeout: number,
) => { async: boolean; value: Promise<string> | string };

const waitAsync = (Atomics as unknown as { waitAsync?: WaitAsync }).waitAsync;
// Never written to: every wait on it ends by its timeout.
const cell = typeof waitAsync === "function" && typeof SharedArrayBuffer === "function"
  ? new Int32Array(new SharedArrayBuffer(4))
  : null;

/** Calls `fn` once, about `ms` milliseconds from now, unless cancelled first. */
export function lightTimeout(fn: () => void, ms: number): LightTimer {
  if (cell === null || waitAsync === undefined) {
    const timer = setTimeout(fn, ms);
    return { cancel: () => clearTimeout(timer) };
  }
  let pending = true;
  const wait = waitAsync(cell, 0, 0, Math.max(0, ms));
  const fire = () => {
    if (!pending) return;
    pending = false;
    fn();
  };
  if (typeof wait.value === "string") queueMicrotask(fire);
  else void wait.value.then(fire);
  return { cancel: () => pending = false };
}
