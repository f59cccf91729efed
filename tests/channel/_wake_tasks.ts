// Worker tasks of queue_wake_test.ts: a waiter on a queue's sequence cell, as a get waits.
import { awaitSync } from "../../lib/channel/_queue_wake.ts";
import { PUT_SEQ } from "../../lib/channel/_queue_memory.ts";

/** Waits (one slice of `sliceMs`) while PUT_SEQ holds `seen`; returns the ms it waited. */
export function waitForPut(
  signals: Int32Array<SharedArrayBuffer>,
  seen: number,
  sliceMs: number,
): number {
  const start = performance.now();
  awaitSync(signals, PUT_SEQ, seen, sliceMs);
  return performance.now() - start;
}
