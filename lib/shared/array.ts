/**
 * Python's `multiprocessing.Array` and `RawArray`: a fixed-length typed array in shared memory,
 * with a lock.
 *
 * @module
 */
import type { Lock } from "./lock.ts";
import {
  fromRecordState,
  type GuardedState,
  lockOption,
  optionsObject,
  recordState,
  type SharedOptions,
  withLockAsync,
  withLockSync,
} from "./guarded.ts";
import { noteSharedObject, registerShared, type SharedRecord, toShared } from "../wire/codec.ts";
import {
  allocate,
  checkTypecode,
  checkValue,
  type SharedTypedArray,
  type Typecode,
  type ValueOf,
  view,
} from "./typecodes.ts";

let revived: GuardedState | null = null;

/**
 * A typed array in shared memory, seen and changed by every task and Process it is passed to.
 * `get(i)`/`set(i, v)` accept Python's negative indices; `.array` is the live typed-array view.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const results = new SharedArray("d", 5);
 * results.set(2, 0.5);
 * results.set(-1, 4);
 * assert.deepEqual(results.toArray(), [0, 0, 0.5, 0, 4]);
 * assert.equal(results.array[2], 0.5);
 * ```
 */
export class SharedArray<T extends Typecode = Typecode> implements Iterable<ValueOf<T>> {
  /** The typecode, as in Python's `array` module. */
  readonly typecode: T;
  /** Number of elements; fixed. */
  readonly length: number;
  readonly #cells: SharedTypedArray;
  readonly #lock: Lock | null;

  /** A zeroed array of `length` elements, or one holding `values`. */
  constructor(
    typecode: T,
    lengthOrValues: number | Iterable<ValueOf<T>>,
    options: SharedOptions = {},
  ) {
    this.typecode = checkTypecode(typecode, "SharedArray") as T;
    if (revived !== null) {
      ({ cells: this.#cells, lock: this.#lock } = revived);
      revived = null;
      this.length = this.#cells.length;
    } else {
      const values = typeof lengthOrValues === "number" ? null : valuesOf(lengthOrValues);
      const length = values === null ? lengthOrValues as number : values.length;
      if (!Number.isSafeInteger(length) || length < 0) {
        throw new RangeError(
          `SharedArray expects a length that is an integer >= 0, or an iterable of values, ` +
            `received ${String(lengthOrValues)}`,
        );
      }
      this.length = length;
      this.#cells = view(typecode, allocate(typecode, length));
      this.#lock = lockOption(optionsObject(options, "SharedArray").lock, "SharedArray");
      values?.forEach((value, i) => this.set(i, value));
    }
    noteSharedObject();
  }

  /** The live typed-array view over the shared memory: writes through it are seen by all. */
  get array(): SharedTypedArray {
    return this.#cells;
  }

  /** Element `index`; negative indices count from the end. */
  get(index: number): ValueOf<T> {
    return this.#cells[this.#position(index)] as ValueOf<T>;
  }

  /** Sets element `index`; negative indices count from the end. */
  set(index: number, value: ValueOf<T>): void {
    checkValue(this.typecode, value, "SharedArray.set()");
    (this.#cells as Float64Array)[this.#position(index)] = value as number;
  }

  /** A plain-array copy of the elements (Python's `arr[:]`). */
  toArray(): ValueOf<T>[] {
    return Array.from(this.#cells as unknown as ArrayLike<ValueOf<T>>);
  }

  /** Iterates over the elements. */
  *[Symbol.iterator](): IterableIterator<ValueOf<T>> {
    for (let i = 0; i < this.length; i++) yield this.#cells[i] as ValueOf<T>;
  }

  /** The lock guarding this array; throws for a raw array (`lock: false`). */
  getLock(): Lock {
    if (this.#lock === null) {
      throw new TypeError("this SharedArray was made with { lock: false }: it has no lock");
    }
    return this.#lock;
  }

  /** Runs `fn` holding the lock, and releases it however `fn` ends. */
  withLock<R>(fn: () => R): Promise<Awaited<R>> {
    return withLockAsync(this.getLock(), fn);
  }

  /** Like {@linkcode withLock}, blocking: for worker code. */
  withLockSync<R>(fn: () => R): R {
    return withLockSync(this.getLock(), fn);
  }

  /** @internal Describes the array for a worker; see `transport.ts`. */
  [toShared](): SharedRecord {
    return { kind: "SharedArray", state: recordState(this.typecode, this.#cells, this.#lock) };
  }

  #position(index: number): number {
    const position = index < 0 ? index + this.length : index;
    if (!Number.isInteger(index) || position < 0 || position >= this.length) {
      throw new RangeError(
        `SharedArray index must be an integer in [-${this.length}, ${this.length}), received ${index}`,
      );
    }
    return position;
  }
}

/**
 * Python's `RawArray`: a {@linkcode SharedArray} without a lock, for arrays whose elements each
 * have one writer (results written by index, say).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const results = RawArray("d", [0.5, 1.5, 0]);
 * results.set(-1, 2.5);
 * assert.deepEqual(results.toArray(), [0.5, 1.5, 2.5]);
 * assert.throws(() => results.getLock(), TypeError);
 * ```
 */
export function RawArray<T extends Typecode>(
  typecode: T,
  lengthOrValues: number | Iterable<ValueOf<T>>,
): SharedArray<T> {
  return new SharedArray(typecode, lengthOrValues, { lock: false });
}

registerShared("SharedArray", (state) => {
  revived = fromRecordState(state);
  return new SharedArray(revived.typecode, 0);
});

// Array.from(null) would say only "object null is not iterable".
function valuesOf<V>(values: Iterable<V>): V[] {
  if (values === null || typeof values !== "object" || !(Symbol.iterator in values)) {
    throw new TypeError(
      "SharedArray expects a length that is an integer >= 0, or an iterable of values, " +
        `received ${values === null ? "null" : typeof values}`,
    );
  }
  return Array.from(values);
}
