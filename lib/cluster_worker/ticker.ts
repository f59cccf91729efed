/**
 * A repeating async job that never overlaps itself, reports its failures instead of throwing,
 * and stops cleanly (its timer cleared, its last run awaited).
 *
 * @module
 */

/** Runs `job` every `everyMs`, the next run scheduled after the previous one settles. */
export class Ticker {
  #timer: ReturnType<typeof setTimeout> | null = null;
  #current: Promise<void> = Promise.resolve();
  #stopped = false;

  /** Schedules the first run after `everyMs`. */
  constructor(
    readonly everyMs: number,
    readonly job: () => Promise<void>,
    readonly what: string,
  ) {
    this.#schedule();
  }

  #schedule(): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#current = this.job().catch((error) => {
        console.error(`multiproc worker: ${this.what} failed`, error);
      }).finally(() => this.#schedule());
    }, this.everyMs);
  }

  /** Stops the runs; resolves once the one in progress, if any, has settled. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    await this.#current;
  }
}
