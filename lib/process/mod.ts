/**
 * Python's `multiprocessing.Process` and the functions around it: `currentProcess()`,
 * `parentProcess()`, `activeChildren()`, `cpuCount()` and `wait()`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Process } from "./mod.ts";
 * const process = new Process({ target: (n: number) => n * 2, args: [21] });
 * process.start();
 * await process.join();
 * assert.equal(process.exitCode, 0);
 * ```
 *
 * @module
 */
export { Process, type ProcessOptions } from "./process.ts";
export { Sentinel } from "./sentinel.ts";
export { activeChildren } from "./active_children.ts";
export { currentProcess } from "./current.ts";
export { cpuCount } from "../internal/runtime.ts";
export { type ProcessInfo } from "../internal/threads.ts";
export { type ParentProcess, parentProcess } from "./parent_process.ts";
export { wait, type Waitable } from "./wait.ts";
