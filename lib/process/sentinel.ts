/**
 * Python's `Process.sentinel`: a handle that becomes ready when its Process ends, for
 * {@linkcode wait} to watch beside Connections.
 *
 * @module
 */

// The key makeSentinel passes the constructor: no other code has it, so `new Sentinel()` throws.
const MAKING = Symbol("makeSentinel");
// Sentinels whose Process was closed.
const closed = new WeakSet<Sentinel>();

/**
 * What `process.sentinel` gives: ready once the Process has ended. Python's is a file descriptor;
 * this one is an object, the same one for each read of `sentinel`, so `wait()` returns the very
 * object it was given.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Process } from "./process.ts";
 * import { wait } from "./wait.ts";
 * const process = new Process({ target: () => {} });
 * process.start();
 * const sentinel: Sentinel = process.sentinel;
 * assert.deepEqual(await wait([sentinel]), [sentinel]);
 * assert.equal(sentinel.ready, true);
 * ```
 */
export class Sentinel {
  readonly #ended: Promise<void>;
  readonly #hasEnded: () => boolean;

  /** Sentinels come from `Process.sentinel`; this constructor is not for users. */
  constructor();
  /** @internal Only {@linkcode makeSentinel} has the `key`. */
  constructor(key: symbol, ended: Promise<void>, hasEnded: () => boolean);
  constructor(key?: symbol, ended?: Promise<void>, hasEnded?: () => boolean) {
    if (key !== MAKING || ended === undefined || hasEnded === undefined) {
      throw new TypeError("a Sentinel comes from Process.sentinel, not new");
    }
    this.#ended = ended;
    this.#hasEnded = hasEnded;
  }

  /** Whether its Process has ended (and a child process has been reaped). */
  get ready(): boolean {
    this.#checkOpen();
    return this.#hasEnded();
  }

  /** Resolves when its Process has ended. */
  whenReady(): Promise<void> {
    this.#checkOpen();
    return this.#ended;
  }

  #checkOpen(): void {
    if (closed.has(this)) {
      throw new RangeError(
        "this sentinel's Process was closed with close(), expected a Process not yet closed: " +
          "wait on sentinels only until you close their Process",
      );
    }
  }
}

/** Called by `Process.close()`: the sentinel is no longer to be waited on. */
export function closeSentinel(sentinel: Sentinel): void {
  closed.add(sentinel);
}

/** The sentinel of a Process that ends when `ended` resolves. */
export function makeSentinel(ended: Promise<void>, hasEnded: () => boolean): Sentinel {
  return new Sentinel(MAKING, ended, hasEnded);
}
