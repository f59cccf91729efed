/**
 * multiproc: Python's `multiprocessing`, and the numpy habits around it, for Deno.
 *
 * Pools and processes run on Web Workers; tasks are exports of a module (sent by name) or
 * self-contained functions (sent as source).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Pool } from "./mod.ts";
 * await using pool = new Pool({ processes: 2 });
 * assert.deepEqual(await pool.map((x: number) => x + 1, [1, 2, 3]), [2, 3, 4]);
 * ```
 *
 * @module
 */
export * from "./lib/errors.ts";
export * from "./lib/pool/pool.ts";
export * from "./lib/pool/async_result.ts";
export * from "./lib/pool/current_task.ts";
export * from "./lib/process/current.ts";
export * from "./lib/process/process.ts";
export { Sentinel } from "./lib/process/sentinel.ts";
export * from "./lib/process/active_children.ts";
export * from "./lib/process/parent_process.ts";
export * from "./lib/process/wait.ts";
export * from "./lib/shared/lock.ts";
export * from "./lib/shared/value.ts";
export * from "./lib/shared/array.ts";
export * from "./lib/shared/sync.ts";
export { type ClassObject, registerClass } from "./lib/shared/class_registry.ts";
export * from "./lib/channel/connection.ts";
export * from "./lib/channel/queue.ts";
export * from "./lib/channel/joinable_queue.ts";
export type { Guarded, SharedOptions } from "./lib/shared/guarded.ts";
export type { BigTypecode, SharedTypedArray, Typecode, ValueOf } from "./lib/shared/typecodes.ts";
export type { PathPermissionValue, PermissionValue } from "./lib/pool/permissions.ts";
export * from "./lib/math/quad.ts";
export * from "./lib/random/random_state.ts";
export * from "./lib/random/mt19937.ts";
export * from "./lib/array/matrix.ts";
export * from "./lib/timing/timeit.ts";
export * from "./lib/random/jax.ts";
export * from "./lib/random/threefry.ts";
export * from "./lib/array/creation.ts";
export * from "./lib/array/elementwise.ts";
export * from "./lib/array/reduce.ts";
export * from "./lib/kernel/compile.ts";
export * from "./lib/kernel/parallel.ts";
export * from "./lib/linalg/dot.ts";
