/**
 * Python's `multiprocessing.Pool`: a pool of workers (threads, or child processes with
 * `isolation: "process"`) running tasks in parallel, with `map`, `imap`, `starmap`, `apply` and
 * their async forms; and, for task code, `currentTask()` and `checkCancelled()`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Pool } from "./mod.ts";
 * await using pool = new Pool({ processes: 2 });
 * assert.deepEqual(await pool.map((x: number) => x * x, [1, 2, 3]), [1, 4, 9]);
 * ```
 *
 * @module
 */
export { Pool } from "./pool.ts";
export { type AsyncCallbacks, AsyncResult } from "./async_result.ts";
export {
  type CallOptions,
  type LimitOptions,
  type MapOptions,
  type PoolOptions,
} from "./options.ts";
export { type Isolation, type IsolationOptions } from "../worker/isolation.ts";
export type { ClusterOptions } from "../cluster/options.ts";
export {
  type PathPermissionValue,
  type PermissionsOption,
  type PermissionValue,
} from "../worker/permissions.ts";
export { checkCancelled, currentTask, type TaskContext } from "../worker/current_task.ts";
