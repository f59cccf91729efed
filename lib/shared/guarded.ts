/**
 * What SharedValue and SharedArray have in common: typed memory, an optional lock, the methods
 * that use it, and how both travel to a worker.
 *
 * @module
 */
import { Lock } from "./lock.ts";
import { noteSharedObject, reviveRecord, type SharedRecord, toShared } from "../wire/codec.ts";
import { allocate, type SharedTypedArray, type Typecode, view } from "./typecodes.ts";
import { guardPythonNames } from "../internal/python_names.ts";
import { trapIndexes } from "./_indexing.ts";

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

/** Memory and lock of a shared value or array: new, or as revived in a worker. */
export interface GuardedState {
  readonly typecode: Typecode;
  readonly cells: SharedTypedArray;
  readonly lock: Lock | null;
}

/**
 * The base of {@linkcode SharedValue} and {@linkcode SharedArray}: their typecode, their lock
 * (none for a raw one), the methods that use it, and how both travel to a worker.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { SharedArray } from "./array.ts";
 * import { SharedValue } from "./value.ts";
 * const guarded: Guarded[] = [new SharedValue("i", 0), new SharedArray("d", 2)];
 * for (const each of guarded) {
 *   assert.equal(await each.withLock(() => each.getLock().isLocked()), true);
 * }
 * assert.throws(() => new SharedValue("i", 0, { lock: false }).withLockSync(() => 1), /no lock/);
 * ```
 */
export abstract class Guarded<T extends Typecode = Typecode> {
  /** The typecode, as in Python's `array` module. */
  readonly typecode: T;
  readonly #kind: string;
  readonly #buffer: SharedArrayBuffer;
  readonly #lock: Lock | null;

  /**
   * Takes `state` on behalf of `kind` ("SharedValue"…), the name in messages and records. For the
   * two subclasses only (its state is an internal type), so the API docs leave it out.
   *
   * @ignore
   */
  protected constructor(kind: string, state: GuardedState) {
    this.typecode = state.typecode as T;
    this.#kind = kind;
    this.#buffer = state.cells.buffer;
    this.#lock = state.lock;
    noteSharedObject();
  }

  /** The lock guarding this value or array; throws for a raw one (`lock: false`). */
  getLock(): Lock {
    if (this.#lock === null) {
      throw new TypeError(`this ${this.#kind} was made with { lock: false }: it has no lock`);
    }
    return this.#lock;
  }

  /** Runs `fn` holding the lock, and releases it however `fn` ends. */
  withLock<R>(fn: () => R): Promise<Awaited<R>> {
    return holding(this.getLock(), fn);
  }

  /** Like {@linkcode withLock}, blocking: for worker code. */
  withLockSync<R>(fn: () => R): R {
    // try/finally, not `using`: a disposable per call costs ~8× the lock itself (bench:access).
    const lock = this.getLock();
    lock.acquireSync();
    try {
      return fn();
    } finally {
      lock.release();
    }
  }

  /**
   * @internal Describes the value or array for a worker; see `wire/codec.ts`.
   * @ignore
   */
  [toShared](): SharedRecord {
    const lock = this.#lock === null ? null : this.#lock[toShared]();
    const state: RecordState = { typecode: this.typecode, buffer: this.#buffer, lock };
    return { kind: this.#kind, state };
  }
}

// Python's spellings throw, naming ours (lib/internal/python_names.ts).
guardPythonNames(Guarded, { get_lock: "getLock" });
// `arr[i]` reads and writes elements; `v[0]` throws (lib/shared/_indexing.ts).
trapIndexes(Guarded.prototype);

/**
 * New memory for `length` elements of `typecode`, and the lock `options` ask for; a TypeError
 * naming `where` if `options` are not an options object.
 */
export function newGuardedState(
  typecode: Typecode,
  length: number,
  options: SharedOptions | undefined,
  where: string,
): GuardedState {
  const cells = view(typecode, allocate(typecode, length));
  return { typecode, cells, lock: lockOption(optionsObject(options, where).lock, where) };
}

/** Revives the state a {@linkcode Guarded} sent to this thread described. */
export function revivedGuardedState(state: unknown): GuardedState {
  const { typecode, buffer, lock } = state as RecordState;
  return {
    typecode,
    cells: view(typecode, buffer),
    lock: lock === null ? null : reviveRecord(lock) as Lock,
  };
}

// What travels: the lock as its own record.
interface RecordState {
  typecode: Typecode;
  buffer: SharedArrayBuffer;
  lock: SharedRecord | null;
}

// A constructor's options object (`undefined` gives `{}`), else a TypeError naming `where`:
// fields are never read from `null` or a number.
function optionsObject(options: SharedOptions | undefined, where: string): SharedOptions {
  if (options === undefined) return {};
  if (options === null || typeof options !== "object") {
    throw new TypeError(
      `${where} expects an options object (or nothing), received ${
        options === null ? "null" : `${typeof options} ${String(options)}`
      }`,
    );
  }
  return options;
}

// The lock an options object asks for.
function lockOption(option: unknown, where: string): Lock | null {
  if (option === undefined || option === true || option === null) return new Lock();
  if (option === false) return null;
  if (option instanceof Lock) return option;
  throw new TypeError(
    `${where} option lock must be true, false, null or a Lock, received ${typeof option}`,
  );
}

// Runs `fn` holding `lock`, releasing it however `fn` ends.
async function holding<R>(lock: Lock, fn: () => R): Promise<Awaited<R>> {
  await lock.acquire();
  try {
    return await fn();
  } finally {
    lock.release();
  }
}
