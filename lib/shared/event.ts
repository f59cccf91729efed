/**
 * Python's `multiprocessing.Event` on a SharedArrayBuffer: a flag that threads wait for.
 *
 * @module
 */
import { noteSharedObject, registerShared, type SharedRecord, toShared } from "../wire/codec.ts";
import { Revival } from "../wire/shareable.ts";
import { retryAsync, retrySync, type WaitOn } from "./futex.ts";
import { deadlineFor } from "./wait.ts";
import { guardPythonNames } from "../internal/python_names.ts";

// One cell: the flag, 0 clear or 1 set; waiters sleep on it while it is 0.
const FLAG = 0;
const CLEAR = 0;
const SET = 1;
const WHILE_CLEAR: WaitOn = { index: FLAG, expected: CLEAR };

/**
 * A flag shared by every thread it is passed to: `set()` wakes every thread in `wait()`, and
 * later waits return at once until `clear()`. `await wait()` never blocks the event loop;
 * `waitSync()` blocks (for worker code).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const ready = new Event();
 * assert.equal(await ready.wait(10), false); // not set: the wait times out
 * setTimeout(() => ready.set(), 5);
 * assert.equal(await ready.wait(), true);
 * assert.equal(ready.isSet(), true);
 * ready.clear();
 * assert.equal(ready.waitSync(0), false);
 * ```
 */
export class Event {
  readonly #cells: Int32Array<SharedArrayBuffer>;

  /** Creates a clear event in new shared memory. */
  constructor();
  /**
   * @internal A copy over memory sent from another thread: see `Event.#revive`.
   * @ignore
   */
  constructor(revival: Revival<Int32Array<SharedArrayBuffer>>);
  /** @ignore The implementation signature: users see the overloads above. */
  constructor(revival?: Revival<Int32Array<SharedArrayBuffer>>) {
    this.#cells = revival instanceof Revival
      ? revival.state
      : new Int32Array(new SharedArrayBuffer(4));
    noteSharedObject();
  }

  /** The Event sent to this thread: the same one, over the memory it was sent. */
  static #revive(state: unknown): Event {
    return new Event(new Revival(new Int32Array(state as SharedArrayBuffer)));
  }

  static {
    registerShared("Event", Event.#revive);
  }

  /** Whether the flag is set. */
  isSet(): boolean {
    return Atomics.load(this.#cells, FLAG) === SET;
  }

  /** Sets the flag and wakes every waiting thread. */
  set(): void {
    Atomics.store(this.#cells, FLAG, SET);
    Atomics.notify(this.#cells, FLAG);
  }

  /** Clears the flag: later waits wait until the next `set()`. */
  clear(): void {
    Atomics.store(this.#cells, FLAG, CLEAR);
  }

  /**
   * Waits until the flag is set, at most `timeoutMs` (default: forever; negative acts as 0, as in Python). Resolves the flag, as
   * Python does: `false` only if the time ran out.
   */
  async wait(timeoutMs?: number): Promise<boolean> {
    const deadline = deadlineFor(timeoutMs, "Event.wait()");
    return await retryAsync(this.#cells, WHILE_CLEAR, () => this.isSet(), deadline);
  }

  /** Like {@linkcode wait}, blocking the thread: for worker code. */
  waitSync(timeoutMs?: number): boolean {
    const deadline = deadlineFor(timeoutMs, "Event.waitSync()");
    return retrySync(this.#cells, WHILE_CLEAR, () => this.isSet(), deadline);
  }

  /**
   * @internal Describes the event for a worker; see `wire/codec.ts`.
   * @ignore
   */
  [toShared](): SharedRecord {
    return { kind: "Event", state: this.#cells.buffer };
  }
}

// Python's spellings throw, naming ours (lib/internal/python_names.ts).
guardPythonNames(Event, { is_set: "isSet" });
