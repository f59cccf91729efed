/**
 * Synchronization primitives beyond {@linkcode Lock}, futex-style on Atomics.
 *
 * @module
 */
export {};
