/**
 * A worker's report of its jobs failing: the first failure of a job in a row is logged, with
 * its error, and the job's first success after it; the failures between are not. A server that
 * is down for a minute makes a few lines, not one per retry.
 *
 * @module
 */

/** Logs each job's first failure in a row and its recovery; see the module documentation. */
export class FailureLog {
  readonly #prefix: string;
  readonly #failing = new Set<string>();

  /** `prefix` starts every line, e.g. `multiproc worker <name>`. */
  constructor(prefix: string) {
    this.#prefix = prefix;
  }

  /** Records that `what` failed; logs it unless it was failing already. */
  failed(what: string, error: unknown): void {
    if (this.#failing.has(what)) return;
    this.#failing.add(what);
    console.error(`${this.#prefix}: ${what} failed; retrying, quietly until it works`, error);
  }

  /** Records that `what` worked; logs it when it was failing. */
  worked(what: string): void {
    if (this.#failing.delete(what)) console.error(`${this.#prefix}: ${what} works again`);
  }

  /** Runs `job`, recording how it went; never rejects. */
  async run(what: string, job: () => Promise<void>): Promise<void> {
    try {
      await job();
      this.worked(what);
    } catch (error) {
      this.failed(what, error);
    }
  }
}
