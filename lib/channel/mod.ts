/**
 * Messages between workers: `Pipe()` and its `Connection` ends, and the queues `Queue`,
 * `SimpleQueue` and `JoinableQueue`, as Python's `multiprocessing` has them.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Queue } from "./mod.ts";
 * const queue = new Queue<number>();
 * await queue.put(1);
 * assert.equal(await queue.get(), 1);
 * ```
 *
 * @module
 */
export { Connection, Pipe } from "./pipe.ts";
export { Queue, type QueueOptions } from "./queue.ts";
export { JoinableQueue, SimpleQueue } from "./joinable_queue.ts";
