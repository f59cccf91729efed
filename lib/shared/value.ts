/**
 * Python's `multiprocessing.Value` and `RawValue`: one number in shared memory, with a lock.
 *
 * @module
 */
import {
  checkTypecode,
  checkValue,
  isBig,
  isInteger,
  type SharedTypedArray,
  type Typecode,
  type ValueOf,
} from "./typecodes.ts";
import { registerShared } from "../wire/codec.ts";
import { Revival } from "../wire/shareable.ts";
import {
  Guarded,
  type GuardedState,
  newGuardedState,
  revivedGuardedState,
  type SharedOptions,
} from "./guarded.ts";
import { indexBy } from "./_indexing.ts";

/**
 * A number in shared memory, seen and changed by every task and Process it is passed to.
 * `.value` reads and writes; `withLock(fn)` runs `fn` holding its lock, for read-modify-write
 * such as `v.value += 1`. Integer typecodes also have atomic `add`, `sub`, `exchange` and
 * `compareExchange`, which need no lock.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const counter = new SharedValue("i", 0);
 * await counter.withLock(() => counter.value += 2);
 * counter.add(1);
 * assert.equal(counter.value, 3);
 * ```
 */
export class SharedValue<T extends Typecode = Typecode> extends Guarded<T> {
  readonly #cells: SharedTypedArray;
  readonly #big: boolean;

  /** A new shared value; `lock: false` makes it raw, `lock: someLock` shares that lock. */
  constructor(typecode: T, initial: ValueOf<T>, options?: SharedOptions);
  /**
   * @internal A copy over memory sent from another thread: see `SharedValue.#revive`.
   * @ignore
   */
  constructor(revival: Revival<GuardedState>);
  /** @ignore The implementation signature: users see the overloads above. */
  constructor(typecode: T | Revival<GuardedState>, initial?: ValueOf<T>, options?: SharedOptions) {
    const state = typecode instanceof Revival
      ? typecode.state
      : newGuardedState(checkTypecode(typecode, "SharedValue"), 1, options, "SharedValue");
    super("SharedValue", state);
    this.#cells = state.cells;
    this.#big = isBig(state.typecode);
    if (!(typecode instanceof Revival)) {
      this.value = checkValue(state.typecode, initial, "SharedValue") as ValueOf<T>;
    }
  }

  /** The SharedValue sent to this thread, over the memory and with the lock it was sent. */
  static #revive(state: unknown): SharedValue {
    return new SharedValue(new Revival(revivedGuardedState(state)));
  }

  static {
    registerShared("SharedValue", SharedValue.#revive);
    // Python: "'Synchronized' object is not subscriptable"; without this, `v[0]` reads undefined.
    const notIndexable = (): never => {
      throw new TypeError(
        "a SharedValue has no elements to index: its number is .value (a SharedArray indexes)",
      );
    };
    indexBy(SharedValue, { read: notIndexable, write: notIndexable });
  }

  /**
   * The current value. A read or write is whole (never torn), as for a Python `Value`; a
   * read-modify-write such as `v.value += 1` needs the lock (`withLock`) or `add`.
   */
  get value(): ValueOf<T> {
    // Plain access costs a tenth of Atomics.load/store (deno task bench:access); JS already
    // makes plain access to 8- to 32-bit integer cells tear-free, but not to 64-bit ones.
    return (this.#big ? Atomics.load(this.#cells as BigInt64Array, 0) : this.#cells[0]) as ValueOf<
      T
    >;
  }

  set value(value: ValueOf<T>) {
    checkValue(this.typecode, value, "SharedValue.value");
    if (this.#big) Atomics.store(this.#cells as BigInt64Array, 0, value as bigint);
    else this.#cells[0] = value as number;
  }

  /** The value, so that `JSON.stringify` writes it (a bigint throws there). */
  toJSON(): ValueOf<T> {
    return this.value;
  }

  /** How `console.log` and `Deno.inspect` show it: typecode and value. */
  [Symbol.for("Deno.customInspect")](
    inspect: (value: unknown, options?: unknown) => string,
    options?: unknown,
  ): string {
    return `SharedValue<"${this.typecode}">(${inspect(this.value, options)})`;
  }

  /** Atomically adds `delta`; returns the previous value. Integer typecodes only. */
  add(delta: ValueOf<T>): ValueOf<T> {
    return Atomics.add(this.#integerCells("add"), 0, this.#checked(delta)) as ValueOf<T>;
  }

  /** Atomically subtracts `delta`; returns the previous value. Integer typecodes only. */
  sub(delta: ValueOf<T>): ValueOf<T> {
    return Atomics.sub(this.#integerCells("sub"), 0, this.#checked(delta)) as ValueOf<T>;
  }

  /** Atomically stores `value`; returns the previous value. Integer typecodes only. */
  exchange(value: ValueOf<T>): ValueOf<T> {
    return Atomics.exchange(this.#integerCells("exchange"), 0, this.#checked(value)) as ValueOf<T>;
  }

  /** Stores `replacement` if the value is `expected`; returns the value found. */
  compareExchange(expected: ValueOf<T>, replacement: ValueOf<T>): ValueOf<T> {
    const cells = this.#integerCells("compareExchange");
    return Atomics.compareExchange(
      cells,
      0,
      this.#checked(expected),
      this.#checked(replacement),
    ) as ValueOf<T>;
  }

  #integerCells(method: string): Int32Array {
    if (!isInteger(this.typecode)) {
      throw new TypeError(
        `SharedValue.${method}() needs an integer typecode; this value is '${this.typecode}'`,
      );
    }
    return this.#cells as Int32Array;
  }

  #checked(value: ValueOf<T>): number {
    return checkValue(this.typecode, value, "SharedValue") as number;
  }
}

/**
 * Python's `RawValue`: a {@linkcode SharedValue} without a lock, for values that need none
 * (written by one thread only, or changed only by the atomic `add`, `sub`, `exchange`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const hits = RawValue("i", 0);
 * hits.add(2);
 * assert.equal(hits.value, 2);
 * assert.throws(() => hits.getLock(), TypeError);
 * ```
 */
export function RawValue<T extends Typecode>(typecode: T, initial: ValueOf<T>): SharedValue<T> {
  return new SharedValue(typecode, initial, { lock: false });
}
