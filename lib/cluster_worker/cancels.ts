/**
 * The calls a worker was told to cancel, and the AbortControllers of the local calls it runs for
 * them: a cancel broadcast aborts the running ones, and an entry of a cancelled call that has
 * not started is answered with an AbortError without running.
 *
 * @module
 */
import { AbortError } from "../errors.ts";

// Remembered cancels per pool; old ones go first, so a flood of broadcasts holds bounded memory.
const MAX_REMEMBERED = 100_000;

/** The cancel state of one worker. */
export class Cancels {
  readonly #running = new Map<string, Set<AbortController>>();
  readonly #cancelled = new Set<string>();

  /** Records that `calls` of `pool` are cancelled and aborts their running local calls. */
  cancel(pool: string, calls: readonly number[]): void {
    for (const call of calls) {
      const key = `${pool}\n${call}`;
      this.#cancelled.add(key);
      if (this.#cancelled.size > MAX_REMEMBERED) {
        this.#cancelled.delete(this.#cancelled.values().next().value!);
      }
      for (const controller of this.#running.get(key) ?? []) {
        controller.abort(new AbortError(`call ${call} of pool ${pool} was cancelled by its pool`));
      }
    }
  }

  /** Whether call `call` of `pool` was cancelled. */
  isCancelled(pool: string, call: number): boolean {
    return this.#cancelled.has(`${pool}\n${call}`);
  }

  /**
   * A signal for a local call run for `call` of `pool`, aborted by a cancel; call `done` when
   * the local call settles.
   */
  track(pool: string, call: number): { signal: AbortSignal; done: () => void } {
    const key = `${pool}\n${call}`;
    const controller = new AbortController();
    let set = this.#running.get(key);
    if (set === undefined) this.#running.set(key, set = new Set());
    set.add(controller);
    return {
      signal: controller.signal,
      done: () => {
        set.delete(controller);
        if (set.size === 0 && this.#running.get(key) === set) this.#running.delete(key);
      },
    };
  }
}
