/**
 * Cancellation as a task sees it: `checkCancelled()` in synchronous loops, and
 * `currentTask().signal` for async code (`fetch`, timers, streams).
 *
 * @module
 */
import { CancelReason } from "./control_block.ts";
import {
  cancellationError,
  currentCancelReason,
  currentSignal,
  runningTaskName,
} from "./_task_state.ts";

/**
 * What a running task can learn about its own call: what {@linkcode currentTask} returns.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * // A helper that tasks call with their context; here on the main thread, outside any task.
 * function status(task: TaskContext): string {
 *   return `${task.name ?? "not a pool task"}: ${task.signal.aborted ? "cancelled" : "running"}`;
 * }
 * assert.equal(status(currentTask()), "not a pool task: running");
 * ```
 */
export interface TaskContext {
  /**
   * Aborted when the call is aborted or times out; its `reason` is the `AbortError` or
   * `TimeoutError`. Outside a pool task (say, a task function called directly on the main
   * thread) it is a signal that never aborts.
   */
  readonly signal: AbortSignal;
  /** The task function's name, or `null` outside a pool task. */
  readonly name: string | null;
}

const context: TaskContext = {
  get signal(): AbortSignal {
    return currentSignal();
  },
  get name(): string | null {
    return runningTaskName();
  },
};

/**
 * The running task's context. Read `signal` where you use it: each read checks the shared
 * cancellation flag, so even synchronous code gets an up-to-date `signal.aborted`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Pool } from "../../mod.ts";
 * import { waitForAbort } from "../../examples/_cancellable_tasks.ts";
 * // Tasks that import currentTask must come from a module the pool loads.
 * const module = new URL("../../examples/_cancellable_tasks.ts", import.meta.url);
 * await using pool = new Pool({ processes: 1, module });
 * const controller = new AbortController();
 * const call = pool.apply(waitForAbort, [], { signal: controller.signal });
 * setTimeout(() => controller.abort(), 50);
 * await assert.rejects(call, { name: "AbortError" });
 * ```
 */
export function currentTask(): TaskContext {
  return context;
}

/**
 * Throws the call's `AbortError` or `TimeoutError` if the running task was cancelled; does
 * nothing otherwise, and nothing outside a pool task. One atomic read of shared memory: cheap
 * enough to call in every iteration of a CPU-bound loop, so the loop can stop and its worker
 * live on.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Pool } from "../../mod.ts";
 * import { countUntilCancelled } from "../../examples/_cancellable_tasks.ts";
 * const module = new URL("../../examples/_cancellable_tasks.ts", import.meta.url);
 * await using pool = new Pool({ processes: 1, module });
 * const call = pool.apply(countUntilCancelled, [], { timeout: 100 });
 * await assert.rejects(call, { name: "TimeoutError" });
 * // The loop stopped itself: the same worker takes the next call.
 * assert.equal(await pool.apply((x: number) => x + 1, [1]), 2);
 * ```
 */
export function checkCancelled(): void {
  const reason = currentCancelReason();
  if (reason !== CancelReason.None) throw cancellationError(reason, runningTaskName());
}
