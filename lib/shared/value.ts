/**
 * Python's `multiprocessing.Value` and `RawValue`: one number in shared memory, with a lock.
 *
 * @module
 */
import type { Lock } from "./lock.ts";
import {
  allocate,
  checkTypecode,
  checkValue,
  isBig,
  isInteger,
  type SharedTypedArray,
  type Typecode,
  type ValueOf,
  view,
} from "./typecodes.ts";
import { noteSharedObject, registerShared, type SharedRecord, toShared } from "../wire/codec.ts";
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

let revived: GuardedState | null = null;

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
export class SharedValue<T extends Typecode = Typecode> {
  /** The typecode, as in Python's `array` module. */
  readonly typecode: T;
  readonly #cells: SharedTypedArray;
  readonly #lock: Lock | null;
  readonly #big: boolean;

  /** A new shared value; `lock: false` makes it raw, `lock: someLock` shares that lock. */
  constructor(typecode: T, initial: ValueOf<T>, options: SharedOptions = {}) {
    this.typecode = checkTypecode(typecode, "SharedValue") as T;
    this.#big = isBig(typecode);
    if (revived !== null) {
      ({ cells: this.#cells, lock: this.#lock } = revived);
      revived = null;
    } else {
      this.#cells = view(typecode, allocate(typecode, 1));
      this.#lock = lockOption(optionsObject(options, "SharedValue").lock, "SharedValue");
      this.value = checkValue(typecode, initial, "SharedValue") as ValueOf<T>;
    }
    noteSharedObject();
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

  /** The lock guarding this value; throws for a raw value (`lock: false`). */
  getLock(): Lock {
    if (this.#lock === null) {
      throw new TypeError("this SharedValue was made with { lock: false }: it has no lock");
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

  /** @internal Describes the value for a worker; see `transport.ts`. */
  [toShared](): SharedRecord {
    return {
      kind: "SharedValue",
      state: recordState(this.typecode, this.#cells, this.#lock),
    };
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

registerShared("SharedValue", (state) => {
  revived = fromRecordState(state);
  return new SharedValue(revived.typecode, undefined as never);
});
