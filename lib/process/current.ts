/**
 * Who am I: the counterparts of Python's `multiprocessing.current_process()` and `cpu_count()`.
 *
 * @module
 */
import { getCurrent, type ProcessInfo } from "../internal/threads.ts";

export type { ProcessInfo } from "../internal/threads.ts";
export { cpuCount } from "../internal/runtime.ts";

/**
 * The name and pid of the worker (or main thread) running the caller. Inside a Pool task it
 * names the pool worker (`"PoolWorker-1"`); inside a Process target, the Process.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(currentProcess().name, "MainProcess");
 * assert.equal(currentProcess().pid, Deno.pid);
 * ```
 */
export function currentProcess(): ProcessInfo {
  return getCurrent();
}
