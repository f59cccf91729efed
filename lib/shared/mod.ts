/**
 * Shared memory that is safe to use from many workers: `SharedValue` and `SharedArray` (Python's
 * `Value` and `Array`) and their raw forms, the synchronization primitives (`Lock`, `RLock`,
 * `Semaphore`, `BoundedSemaphore`, `Condition`, `Event`, `Barrier`) on Atomics, and
 * `registerClass` for instances of user classes that travel to workers.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { SharedValue } from "./mod.ts";
 * const counter = new SharedValue("i", 0);
 * await counter.withLock(() => counter.value += 1);
 * assert.equal(counter.value, 1);
 * ```
 *
 * @module
 */
export { RawValue, SharedValue } from "./value.ts";
export { RawArray, SharedArray } from "./array.ts";
export { type Guarded, type SharedOptions } from "./guarded.ts";
export {
  type BigTypecode,
  type SharedTypedArray,
  type Typecode,
  type ValueOf,
} from "./typecodes.ts";
export { Lock } from "./lock.ts";
export { RLock } from "./rlock.ts";
export { BoundedSemaphore, Semaphore } from "./semaphore.ts";
export { Condition } from "./condition.ts";
export { Event } from "./event.ts";
export { Barrier, type BarrierOptions } from "./barrier.ts";
export { type ClassObject, registerClass } from "../wire/class_registry.ts";
