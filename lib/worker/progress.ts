/**
 * The `onProgress` option of `map`-like calls, throttled: the call reports each finished chunk
 * here, on the main thread, and the listener hears of it at most once per
 * {@linkcode PROGRESS_INTERVAL_MS}, plus once at the end. No timer is involved, so nothing
 * outlives the call and nothing is heard after its last report.
 *
 * @module
 */

/** Called with how many items are done (their chunk finished) out of how many in all. */
export type ProgressListener = (done: number, total: number) => void;

/** Least time between two reports before the final one (ms). */
export const PROGRESS_INTERVAL_MS = 50;

/**
 * Counts the items of a call's finished chunks and passes the count on, throttled.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const heard: number[] = [];
 * const progress = new Progress((done) => heard.push(done), 10);
 * progress.add(4); // the first report goes out at once
 * progress.add(4); // within 50 ms of it: held back
 * progress.finish(); // always reported, once
 * assert.deepEqual(heard, [4, 10]);
 * ```
 */
export class Progress {
  readonly #listener: ProgressListener;
  readonly #total: number;
  #done = 0;
  // The first finished chunk is reported at once, so a user sees movement early.
  #lastReport = -Infinity;

  constructor(listener: ProgressListener, total: number) {
    this.#listener = listener;
    this.#total = total;
  }

  /**
   * Adds `items` finished items; reports the count if the last report is old enough. Throws
   * what the listener throws.
   */
  add(items: number): void {
    this.#done = Math.min(this.#total, this.#done + items);
    if (this.#done === this.#total) return; // left to finish(), which reports it exactly once
    const now = performance.now();
    if (now - this.#lastReport < PROGRESS_INTERVAL_MS) return;
    this.#lastReport = now;
    this.#listener(this.#done, this.#total);
  }

  /** Reports `(total, total)`: the call is about to fulfil. Throws what the listener throws. */
  finish(): void {
    this.#done = this.#total;
    this.#listener(this.#total, this.#total);
  }
}
