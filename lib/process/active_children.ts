/**
 * Python's `multiprocessing.active_children()`.
 *
 * @module
 */
import { liveChildren } from "../worker/_children.ts";
import type { Process } from "./process.ts";

/**
 * The Processes started by this thread (the main program, or the worker of a Process or pool
 * task) that are still alive. As in Python, finished ones are forgotten on the way (Python joins
 * them), so a Process that ended appears no more; each thread sees only its own children.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Process } from "./process.ts";
 * const process = new Process({
 *   target: () => new Promise((resolve) => setTimeout(resolve, 200)),
 * });
 * assert.ok(!activeChildren().includes(process));
 * process.start();
 * assert.ok(activeChildren().includes(process));
 * await process.join();
 * assert.ok(!activeChildren().includes(process));
 * ```
 */
export function activeChildren(): Process[] {
  return liveChildren() as Process[];
}
