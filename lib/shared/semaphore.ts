/**
 * Python's `multiprocessing.Semaphore` and `BoundedSemaphore` on a SharedArrayBuffer: a counter
 * that `acquire()` decrements, waiting while it is 0, and `release()` increments.
 *
 * @module
 */
import { noteSharedObject, registerShared, type SharedRecord, toShared } from "../wire/codec.ts";
import { Revival, reviveAs } from "../wire/shareable.ts";
import { heldUntilDisposed, retryAsync, retrySync, type WaitOn } from "./futex.ts";
import { deadlineFor } from "./wait.ts";
import { guardPythonNames } from "../internal/python_names.ts";

// Cells: [VALUE] the counter, waited on while 0; [LIMIT] the initial value of a bounded
// semaphore, -1 for an unbounded one. Both live in shared memory, so a revived copy enforces
// the same bound.
const VALUE = 0;
const LIMIT = 1;
const UNBOUNDED = -1;
const MAX_VALUE = 0x7fff_ffff;
const WHILE_ZERO: WaitOn = { index: VALUE, expected: 0 };

function checkCount(count: number, what: string, min: number): void {
  if (!Number.isInteger(count) || count < min || count > MAX_VALUE) {
    throw new RangeError(`${what} must be an integer in [${min}, ${MAX_VALUE}], received ${count}`);
  }
}

/**
 * A counting semaphore shared by every thread it is passed to. `await acquire()` never blocks
 * the event loop; `acquireSync()` blocks (for worker code). Any thread may release it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const slots = new Semaphore(2);
 * assert.equal(await slots.acquire(), true);
 * {
 *   using _slot = await slots.locked();
 *   assert.equal(slots.getValue(), 0);
 *   assert.equal(await slots.acquire(0), false); // none left: a zero timeout does not wait
 * }
 * slots.release();
 * assert.equal(slots.getValue(), 2);
 * ```
 */
export class Semaphore {
  readonly #cells: Int32Array<SharedArrayBuffer>;

  /** Creates a semaphore with the counter at `value` (an integer >= 0; default 1). */
  constructor(value?: number);
  /**
   * @internal A copy over memory sent from another thread: see `Semaphore.#revive`.
   * @ignore
   */
  constructor(revival: Revival<Int32Array<SharedArrayBuffer>>);
  /** @ignore The implementation signature: users see the overloads above. */
  constructor(value: number | Revival<Int32Array<SharedArrayBuffer>> = 1) {
    if (value instanceof Revival) {
      this.#cells = value.state;
    } else {
      checkCount(value, `${this.constructor.name} value`, 0);
      this.#cells = new Int32Array(new SharedArrayBuffer(8));
      this.#cells[VALUE] = value;
      // `this` already has the subclass's prototype here, so the base class can tell.
      this.#cells[LIMIT] = this instanceof BoundedSemaphore ? value : UNBOUNDED;
    }
    noteSharedObject();
  }

  /** The Semaphore sent to this thread: the same one, over the memory it was sent. */
  static #revive(state: unknown): Semaphore {
    return new Semaphore(new Revival(new Int32Array(state as SharedArrayBuffer)));
  }

  static {
    registerShared("Semaphore", Semaphore.#revive);
  }

  /**
   * Decrements the counter, waiting while it is 0, at most `timeoutMs` (default: forever; 0:
   * just try; negative acts as 0, as in Python). Resolves `false` if the time ran out.
   */
  async acquire(timeoutMs?: number): Promise<boolean> {
    const deadline = deadlineFor(timeoutMs, `${this.constructor.name}.acquire()`);
    return await retryAsync(this.#cells, WHILE_ZERO, () => this.#tryDecrement(), deadline);
  }

  /** Like {@linkcode acquire}, blocking the thread: for worker code. */
  acquireSync(timeoutMs?: number): boolean {
    const deadline = deadlineFor(timeoutMs, `${this.constructor.name}.acquireSync()`);
    return retrySync(this.#cells, WHILE_ZERO, () => this.#tryDecrement(), deadline);
  }

  /**
   * Increments the counter by `n` (default 1), waking as many waiters. A BoundedSemaphore
   * throws a RangeError, changing nothing, if that would take it above its initial value.
   */
  release(n = 1): void {
    checkCount(n, `${this.constructor.name}.release() n`, 1);
    const limit = Atomics.load(this.#cells, LIMIT);
    const max = limit === UNBOUNDED ? MAX_VALUE : limit;
    for (;;) {
      const value = Atomics.load(this.#cells, VALUE);
      if (value > max - n) {
        throw new RangeError(
          limit === UNBOUNDED
            ? `Semaphore.release() would take the value above ${MAX_VALUE}`
            : `BoundedSemaphore released too many times: its value ${value} + ${n} would ` +
              `exceed its initial value ${limit}`,
        );
      }
      if (Atomics.compareExchange(this.#cells, VALUE, value, value + n) === value) break;
    }
    Atomics.notify(this.#cells, VALUE, n);
  }

  /** Acquires and returns a handle that releases on scope exit: `using _ = await s.locked()`. */
  async locked(timeoutMs?: number): Promise<Disposable> {
    const acquired = await this.acquire(timeoutMs);
    const method = `${this.constructor.name}.locked()`;
    return heldUntilDisposed(acquired, () => this.release(), method, timeoutMs);
  }

  /** Like {@linkcode locked}, blocking: `using _ = s.lockedSync()` in worker code. */
  lockedSync(timeoutMs?: number): Disposable {
    const acquired = this.acquireSync(timeoutMs);
    const method = `${this.constructor.name}.lockedSync()`;
    return heldUntilDisposed(acquired, () => this.release(), method, timeoutMs);
  }

  /** The counter's current value (Python's `get_value()`). */
  getValue(): number {
    return Atomics.load(this.#cells, VALUE);
  }

  /**
   * @internal Describes the semaphore for a worker; see `wire/codec.ts`.
   * @ignore
   */
  [toShared](): SharedRecord {
    const kind = Atomics.load(this.#cells, LIMIT) === UNBOUNDED ? "Semaphore" : "BoundedSemaphore";
    return { kind, state: this.#cells.buffer };
  }

  #tryDecrement(): boolean {
    for (;;) {
      const value = Atomics.load(this.#cells, VALUE);
      if (value === 0) return false;
      if (Atomics.compareExchange(this.#cells, VALUE, value, value - 1) === value) return true;
    }
  }
}

// Python's spellings throw, naming ours (lib/internal/python_names.ts).
guardPythonNames(Semaphore, { get_value: "getValue" });

/**
 * A {@linkcode Semaphore} that may not be released above its initial value: an extra
 * `release()` is a bug (Python raises ValueError), reported as a RangeError.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const pool = new BoundedSemaphore(1);
 * await pool.acquire();
 * pool.release();
 * assert.throws(() => pool.release(), /released too many times/);
 * assert.equal(pool.getValue(), 1);
 * ```
 */
export class BoundedSemaphore extends Semaphore {
  /** Creates a bounded semaphore; `value` (default 1) is both its start and its maximum. */
  constructor(value = 1) {
    super(value);
  }

  /** The BoundedSemaphore sent to this thread; its bound travels in its memory. */
  static #revive(state: unknown): BoundedSemaphore {
    const cells = new Int32Array(state as SharedArrayBuffer);
    return reviveAs(Semaphore, cells, BoundedSemaphore);
  }

  static {
    registerShared("BoundedSemaphore", BoundedSemaphore.#revive);
  }
}
