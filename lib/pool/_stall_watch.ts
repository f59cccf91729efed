/**
 * Guards against head-of-line blocking: units queued on a worker behind one that does not
 * finish (a slow or stuck task, a promise that never settles) are taken back and given to an
 * idle worker. One timer serves every worker, and it is armed only while the pool's queue is
 * empty and a worker idles next to one holding units: fast tasks never pay for it.
 *
 * @module
 */
import type { Executor, Unit } from "../worker/executor.ts";

/** What the watch needs from the dispatcher. */
export interface StallWatchHost {
  /** The pool's slots; `null` where no worker runs. */
  readonly slots: readonly (Executor | null)[];
  /** Units a worker holds that are neither answered nor taken back. */
  pendingOf(handle: Executor): number;
  /** Whether taking units back is wanted now (the queue is empty, the pool runs). */
  wantsUnits(): boolean;
  /** Queues units taken back, ahead of the rest, and hands them out. */
  requeue(units: Unit[]): void;
}

/** Watches for stalled workers and takes back the units queued behind their running one. */
export class StallWatch {
  readonly #host: StallWatchHost;
  readonly #stallMs: () => number;
  #timer: ReturnType<typeof setTimeout> | undefined = undefined;
  // How far each candidate had got when the check was armed.
  readonly #passedAtArm = new Map<Executor, number>();
  // Workers whose units were taken back, with how far they had got: they get no new units
  // until they move on.
  readonly #stalled = new Map<Executor, number>();

  /**
   * A worker that does not move past its current unit for `stallMs()` (read when the check is
   * armed) counts as stalled.
   */
  constructor(host: StallWatchHost, stallMs: () => number) {
    this.#host = host;
    this.#stallMs = stallMs;
  }

  /**
   * Whether `handle` was found stalled and is still stuck (it gets no new units): it has not
   * moved on since, and still owes an answer. A worker that answered everything it held is not
   * stuck, even though it has not moved on: it had nothing left to move to, and holding it back
   * would leave it idle for good (with every worker so, the pool would stop sending at all).
   */
  isStalled(handle: Executor): boolean {
    if (this.#stalled.size === 0 || !this.#stalled.has(handle)) return false;
    if (this.#stalled.get(handle) === handle.passed?.() && this.#host.pendingOf(handle) > 0) {
      return true;
    }
    this.#stalled.delete(handle);
    return false;
  }

  /** Arms the check if a worker idles while another holds units behind its running one. */
  arm(): void {
    const host = this.#host;
    if (this.#timer !== undefined || !host.wantsUnits()) return;
    if (!host.slots.some((handle) => handle === null || host.pendingOf(handle) === 0)) return;
    this.#passedAtArm.clear();
    for (const handle of host.slots) {
      if (handle === null || !handle.alive || handle.passed === undefined) continue;
      if (handle.takeBack === undefined || host.pendingOf(handle) < 2) continue;
      this.#passedAtArm.set(handle, handle.passed());
    }
    if (this.#passedAtArm.size > 0) this.#timer = setTimeout(() => this.#check(), this.#stallMs());
  }

  /** Forgets a worker that is gone. */
  forget(handle: Executor): void {
    this.#stalled.delete(handle);
    this.#passedAtArm.delete(handle);
  }

  /** Stops watching (the pool stopped). */
  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#passedAtArm.clear();
    this.#stalled.clear();
  }

  #check(): void {
    this.#timer = undefined;
    const host = this.#host;
    if (!host.wantsUnits()) return;
    const taken: Unit[] = [];
    for (const [handle, passedThen] of this.#passedAtArm) {
      if (!handle.alive || !host.slots.includes(handle)) continue;
      // It moved on since the check was armed: slow perhaps, but not stuck. Or it answered all
      // it held meanwhile (its units had all started when the check was armed): not stuck.
      if (handle.passed!() !== passedThen || host.pendingOf(handle) === 0) continue;
      // Stalled even if nothing comes back now: a child process answers later.
      this.#stalled.set(handle, passedThen);
      taken.push(...handle.takeBack!(Infinity));
    }
    this.#passedAtArm.clear();
    host.requeue(taken);
  }
}
