/**
 * Synchronization primitives beyond {@linkcode Lock}, futex-style on Atomics.
 *
 * @module
 */
export * from "./rlock.ts";
export * from "./semaphore.ts";
export * from "./condition.ts";
export * from "./event.ts";
export * from "./barrier.ts";
