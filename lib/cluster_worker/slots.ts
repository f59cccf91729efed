/**
 * The local run slots of a worker: `processes` entries run at once, the others it holds (with
 * `prefetch` > 1) wait here, so "started" means a local worker is free for the entry, and
 * entries still waiting can be handed back untouched when the worker stops.
 *
 * @module
 */

/** A counting semaphore whose waiters can all be turned away at once. */
export class Slots {
  #free: number;
  readonly #waiting: ((granted: boolean) => void)[] = [];
  #closed = false;

  /** `count` slots, all free. */
  constructor(count: number) {
    this.#free = count;
  }

  /** Resolves true with a slot taken, or false when the slots were closed meanwhile. */
  acquire(): Promise<boolean> {
    if (this.#closed) return Promise.resolve(false);
    if (this.#free > 0) {
      this.#free--;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  /** Gives a slot back: to the first waiter, if any. */
  release(): void {
    const next = this.#waiting.shift();
    if (next !== undefined) next(true);
    else this.#free++;
  }

  /** Turns every waiter away (they resolve false), and every later `acquire()`. */
  close(): void {
    this.#closed = true;
    for (const waiter of this.#waiting.splice(0)) waiter(false);
  }
}
