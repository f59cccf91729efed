/**
 * A repeating look at whether the handles a pipe waits on are still alive. A worker that dies
 * holding a handle says nothing (its port gets no event), so while a receive waits on an end
 * that only workers hold, or a message waits for an earlier ticket, the end looks every
 * {@linkcode LOOK_MS} ms; the look says whether to go on.
 *
 * @module
 */

/** Time between two looks: well under the grace a dead holder gets (100 ms). */
export const LOOK_MS = 50;

interface TimerControl {
  refTimer?(id: unknown): void;
  unrefTimer?(id: unknown): void;
}

// Deno's timer controls; a browser has none, and needs none.
const timers = (globalThis as { Deno?: TimerControl }).Deno ?? {};

/** The repeating look of one pipe end; `look` returns whether to look again. */
export class LivenessWatch {
  readonly #look: () => boolean;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #holdOpen = false;

  constructor(look: () => boolean) {
    this.#look = look;
  }

  /** Starts looking, if not already; `holdOpen`: keep the process open meanwhile. */
  start(holdOpen: boolean): void {
    if (this.#timer === null) {
      this.#timer = setTimeout(() => this.#tick(), LOOK_MS);
      this.#holdOpen = true;
    }
    if (holdOpen) this.holdOpen(true);
    else if (!this.#holdOpen) this.holdOpen(false);
  }

  /** Whether the running watch keeps the process open (a receive of this thread waits). */
  holdOpen(on: boolean): void {
    if (this.#timer === null || on === this.#holdOpen) return;
    this.#holdOpen = on;
    if (on) timers.refTimer?.(this.#timer);
    else timers.unrefTimer?.(this.#timer);
  }

  /** Stops looking. */
  stop(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #tick(): void {
    const holdOpen = this.#holdOpen;
    this.#timer = null;
    if (!this.#look()) return;
    if (this.#timer !== null) return;
    this.#timer = setTimeout(() => this.#tick(), LOOK_MS);
    this.#holdOpen = true;
    if (!holdOpen) this.holdOpen(false);
  }
}
