/**
 * Waiting on a shared Int32 cell, sync (`Atomics.wait`, for workers) or async
 * (`Atomics.waitAsync`, never blocking the event loop), in slices so that a waiter can look
 * around (for a dead owner, say) between them.
 *
 * @module
 */

/** How long one wait may last before the waiter checks on the world again. */
const WAIT_SLICE_MS = 50;

/** Milliseconds left until `deadline` (`Infinity` for none), at most one slice. */
export function nextSlice(deadline: number): number {
  return Math.min(WAIT_SLICE_MS, Math.max(0, deadline - performance.now()));
}

/**
 * The deadline for a timeout in ms (`undefined` or `Infinity` for none); validates it. A negative
 * timeout acts as 0 (one look, no wait), as every timeout of Python's `multiprocessing` does
 * (`Lock.acquire(timeout=-1)` there returns at once, unlike `threading.Lock`'s).
 */
export function deadlineFor(timeoutMs: number | undefined, method: string): number {
  if (timeoutMs === undefined || timeoutMs === Infinity) return Infinity;
  if (typeof timeoutMs !== "number") {
    const received = typeof timeoutMs === "string"
      ? `the string "${timeoutMs}"`
      : `${typeof timeoutMs} ${String(timeoutMs)}`;
    throw new TypeError(
      `${method} expects timeoutMs, a number of milliseconds (or nothing, to wait ` +
        `forever), received ${received}`,
    );
  }
  if (Number.isNaN(timeoutMs)) {
    throw new RangeError(
      `${method} expects a timeout in milliseconds (a negative one acts as 0), received NaN`,
    );
  }
  return performance.now() + Math.max(0, timeoutMs);
}

// A browser's main thread may not block: Atomics.wait throws there before looking at the cell.
const CAN_BLOCK = (() => {
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
    return true;
  } catch {
    return false;
  }
})();

/**
 * Blocks while `cells[index] === expected`, at most `ms`. Where the thread may not block (a
 * browser's main thread) it spins instead, which costs CPU but keeps the synchronous API.
 */
export function waitSync(cells: Int32Array, index: number, expected: number, ms: number): void {
  if (CAN_BLOCK) {
    Atomics.wait(cells, index, expected, ms);
    return;
  }
  const deadline = performance.now() + ms;
  while (Atomics.load(cells, index) === expected && performance.now() < deadline) {
    // Spin: see above.
  }
}

/** Waits without blocking while `cells[index] === expected`, at most `ms`. */
export async function waitAsync(
  cells: Int32Array,
  index: number,
  expected: number,
  ms: number,
): Promise<void> {
  const result = Atomics.waitAsync(cells, index, expected, ms);
  if (!result.async) return;
  // Deno's event loop does not count a pending Atomics.waitAsync: without a timer of the same
  // length beside it, a program whose only work is this wait would end mid-wait.
  let keepAlive: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([
    result.value,
    new Promise<void>((resolve) => keepAlive = setTimeout(resolve, ms + 1)),
  ]);
  clearTimeout(keepAlive);
}
