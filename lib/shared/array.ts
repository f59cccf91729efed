/**
 * Python's `multiprocessing.Array` and `RawArray`: a fixed-length typed array in shared memory,
 * with a lock.
 *
 * @module
 */
import {
  Guarded,
  type GuardedState,
  newGuardedState,
  revivedGuardedState,
  type SharedOptions,
} from "./guarded.ts";
import { registerShared } from "../wire/codec.ts";
import { Revival } from "../wire/shareable.ts";
import {
  checkTypecode,
  checkValue,
  type SharedTypedArray,
  type Typecode,
  type ValueOf,
} from "./typecodes.ts";
import { guardPythonNames } from "../internal/python_names.ts";
import { indexBy } from "./_indexing.ts";

/**
 * A typed array in shared memory, seen and changed by every task and Process it is passed to.
 * Indexed as in Python: `arr[i]` and `arr[i] = v`, with negative indices counting from the end;
 * an index out of range is a RangeError, a value of the wrong type (a string, a fraction for an
 * integer typecode) a TypeError, never `undefined` or a property only this thread sees.
 * `get(i)`/`set(i, v)` do the same as methods; `.array` is the live typed-array view, the fast
 * way for loops (`arr[i]` goes through a Proxy trap: a few hundred nanoseconds a time).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const results = new SharedArray("d", 5);
 * results[2] = 0.5;
 * results[-1] = 4;
 * assert.equal(results[-1], 4);
 * assert.deepEqual([...results], [0, 0, 0.5, 0, 4]);
 * assert.deepEqual(results.array.slice(1, 3), new Float64Array([0, 0.5])); // arr[1:3]
 * assert.throws(() => results[5], RangeError);
 * assert.throws(() => new SharedArray("i", 2)[0] = 1.5, TypeError);
 * results.set(0, 1); // the same as results[0] = 1
 * assert.equal(results.get(0), results.array[0]);
 * ```
 */
export class SharedArray<T extends Typecode = Typecode> extends Guarded<T>
  implements Iterable<ValueOf<T>> {
  /**
   * Element `index`, read and written as in Python: negative indices count from the end; an
   * index out of range throws a RangeError, a value of the wrong type a TypeError.
   */
  [index: number]: ValueOf<T>;
  readonly #cells: SharedTypedArray;

  /** A zeroed array of `length` elements, or one holding `values`. */
  constructor(
    typecode: T,
    lengthOrValues: number | Iterable<ValueOf<T>>,
    options?: SharedOptions,
  );
  /**
   * @internal A copy over memory sent from another thread: see `SharedArray.#revive`.
   * @ignore
   */
  constructor(revival: Revival<GuardedState>);
  /** @ignore The implementation signature: users see the overloads above. */
  constructor(
    typecode: T | Revival<GuardedState>,
    lengthOrValues?: number | Iterable<ValueOf<T>>,
    options?: SharedOptions,
  ) {
    let state: GuardedState;
    let values: ValueOf<T>[] | null = null;
    if (typecode instanceof Revival) {
      state = typecode.state;
    } else {
      checkTypecode(typecode, "SharedArray");
      values = typeof lengthOrValues === "number" ? null : valuesOf(lengthOrValues);
      const length = values === null ? lengthOrValues as number : values.length;
      if (!Number.isSafeInteger(length) || length < 0) {
        throw new RangeError(
          `SharedArray expects a length that is an integer >= 0, or an iterable of values, ` +
            `received ${String(lengthOrValues)}`,
        );
      }
      state = newGuardedState(typecode, length, options, "SharedArray");
    }
    super("SharedArray", state);
    this.#cells = state.cells;
    values?.forEach((value, i) => this.set(i, value));
  }

  /** The SharedArray sent to this thread, over the memory and with the lock it was sent. */
  static #revive(state: unknown): SharedArray {
    return new SharedArray(new Revival(revivedGuardedState(state)));
  }

  static {
    registerShared("SharedArray", SharedArray.#revive);
    indexBy(SharedArray, {
      read: (array, index) => (array as SharedArray).get(index),
      write: (array, index, value) =>
        (array as SharedArray).#store(index, value, "SharedArray[i] = v"),
    });
  }

  /**
   * Number of elements (Python's `len(arr)`); fixed. A getter, so that assigning it throws
   * instead of making the checks of a bigger array than the memory holds.
   */
  get length(): number {
    return this.#cells.length;
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
    this.#store(index, value, "SharedArray.set()");
  }

  /** A plain-array copy of the elements (Python's `arr[:]`). */
  toArray(): ValueOf<T>[] {
    return Array.from(this.#cells as unknown as ArrayLike<ValueOf<T>>);
  }

  /** The elements as a plain array, so that `JSON.stringify` writes them (bigints throw there). */
  toJSON(): ValueOf<T>[] {
    return this.toArray();
  }

  /** Iterates over the elements. */
  *[Symbol.iterator](): IterableIterator<ValueOf<T>> {
    const cells = this.#cells;
    for (let i = 0; i < cells.length; i++) yield cells[i] as ValueOf<T>;
  }

  /** How `console.log` and `Deno.inspect` show it: typecode, length and elements. */
  [Symbol.for("Deno.customInspect")](
    inspect: (value: unknown, options?: unknown) => string,
    options?: unknown,
  ): string {
    // The typed view prints as "Float64Array(5) [ … ]", shortened past maxArrayLength.
    return inspect(this.#cells, options).replace(/^\w+/, `SharedArray<"${this.typecode}">`);
  }

  #store(index: number, value: unknown, where: string): void {
    checkValue(this.typecode, value, where);
    (this.#cells as Float64Array)[this.#position(index)] = value as number;
  }

  #position(index: number): number {
    const length = this.#cells.length;
    const position = index < 0 ? index + length : index;
    if (!Number.isInteger(index) || position < 0 || position >= length) {
      throw new RangeError(
        `SharedArray index must be an integer in [-${length}, ${length}), received ${index}`,
      );
    }
    return position;
  }
}

// Python's spellings throw, naming ours (lib/internal/python_names.ts).
guardPythonNames(SharedArray, { get_obj: "array" });

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

// Array.from(null) would say only "object null is not iterable".
function valuesOf<V>(values: Iterable<V> | undefined): V[] {
  if (values === null || typeof values !== "object" || !(Symbol.iterator in values)) {
    throw new TypeError(
      "SharedArray expects a length that is an integer >= 0, or an iterable of values, " +
        `received ${values === null ? "null" : typeof values}`,
    );
  }
  return Array.from(values);
}
