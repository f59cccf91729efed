/**
 * What SharedValue and SharedArray have in common: typed memory, an optional lock, and how both
 * travel to a worker.
 *
 * @module
 */
import { Lock } from "./lock.ts";
import { reviveRecord, type SharedRecord, toShared } from "../wire/codec.ts";
import { type SharedTypedArray, type Typecode, view } from "./typecodes.ts";

/**
 * Options of {@linkcode SharedValue} and {@linkcode SharedArray}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Lock } from "./lock.ts";
 * import { SharedArray } from "./array.ts";
 * import { SharedValue } from "./value.ts";
 * // One lock guards a total and its parts, so both change together.
 * const together: SharedOptions = { lock: new Lock() };
 * const total = new SharedValue("d", 0, together);
 * const parts = new SharedArray("d", 3, together);
 * await total.withLock(() => {
 *   parts.set(0, 1.5);
 *   total.value += 1.5;
 * });
 * assert.equal(parts.getLock(), total.getLock());
 * // lock: false makes a raw value, with no lock at all.
 * assert.throws(() => new SharedValue("i", 0, { lock: false }).getLock(), TypeError);
 * ```
 */
export interface SharedOptions {
  /**
   * `true` (default) or `null` (Python's `lock=None`): a new lock; `false`: none (raw); a Lock:
   * share that one.
   */
  lock?: boolean | Lock | null;
}

/** Memory and lock of a shared value or array, as revived in a worker. */
export interface GuardedState {
  readonly typecode: Typecode;
  readonly cells: SharedTypedArray;
  readonly lock: Lock | null;
}

/**
 * A constructor's options object (`undefined` gives `{}`), else a `TypeError` naming `where`:
 * fields are never read from `null` or a number.
 */
export function optionsObject<T extends object>(options: T | undefined, where: string): T {
  if (options === undefined) return {} as T;
  if (options === null || typeof options !== "object") {
    throw new TypeError(
      `${where} expects an options object (or nothing), received ${
        options === null ? "null" : `${typeof options} ${String(options)}`
      }`,
    );
  }
  return options;
}

/** The lock an options object asks for. */
export function lockOption(option: unknown, where: string): Lock | null {
  if (option === undefined || option === true || option === null) return new Lock();
  if (option === false) return null;
  if (option instanceof Lock) return option;
  throw new TypeError(
    `${where} option lock must be true, false, null or a Lock, received ${typeof option}`,
  );
}

/** Runs `fn` holding `lock`, releasing it however `fn` ends. */
export async function withLockAsync<R>(lock: Lock, fn: () => R): Promise<Awaited<R>> {
  await lock.acquire();
  try {
    return await fn();
  } finally {
    lock.release();
  }
}

/** Runs `fn` holding `lock`, blocking to acquire it. */
export function withLockSync<R>(lock: Lock, fn: () => R): R {
  // try/finally, not `using`: a disposable per call costs ~8× the lock itself (bench:access).
  lock.acquireSync();
  try {
    return fn();
  } finally {
    lock.release();
  }
}

/** Cloneable state for a transport record. */
export function recordState(
  typecode: Typecode,
  cells: SharedTypedArray,
  lock: Lock | null,
): { typecode: Typecode; buffer: SharedArrayBuffer; lock: SharedRecord | null } {
  return { typecode, buffer: cells.buffer, lock: lock === null ? null : lock[toShared]() };
}

/** Revives what {@linkcode recordState} described. */
export function fromRecordState(state: unknown): GuardedState {
  const { typecode, buffer, lock } = state as ReturnType<typeof recordState>;
  return {
    typecode,
    cells: view(typecode, buffer),
    lock: lock === null ? null : reviveRecord(lock) as Lock,
  };
}
