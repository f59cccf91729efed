// Internal to the queue classes: taking a queue's lock. A holder that died left the ring
// consistent (see ring.ts), so an OwnerDiedError needs no repair: the taker just tries again.
import { OwnerDiedError } from "../errors.ts";
import type { Lock } from "../shared/lock.ts";
import { refuseIfTerminated } from "../shared/_death.ts";
import { ownerOf, tryLock } from "../shared/futex.ts";
import { toShared } from "../wire/codec.ts";
import { getCurrent } from "../internal/threads.ts";

/** A queue's lock, taken in the three ways the queue needs. */
export class QueueLock {
  readonly #lock: Lock;
  // The lock's cell, to see whether this thread holds it (see `sync`).
  readonly #cells: Int32Array<SharedArrayBuffer>;

  constructor(lock: Lock) {
    this.#lock = lock;
    this.#cells = new Int32Array(lock[toShared]().state as SharedArrayBuffer);
  }

  /**
   * Takes the lock if it is free now. Async callers try this first: no `await` then parts taking
   * the lock from using it, so a synchronous call this thread makes meanwhile (putNowait after an
   * un-awaited get) never finds the lock held by this very thread.
   */
  now(method: string): boolean {
    refuseIfTerminated(`to call ${method}`);
    try {
      return this.#lock.acquireSync(0);
    } catch (error) {
      if (!(error instanceof OwnerDiedError)) throw error;
      return false;
    }
  }

  /** Takes the lock, waiting without blocking the event loop. */
  async async(method: string): Promise<void> {
    refuseIfTerminated(`to call ${method}`);
    for (;;) {
      try {
        if (await this.#lock.acquire()) return;
      } catch (error) {
        if (!(error instanceof OwnerDiedError)) throw error;
      }
    }
  }

  /**
   * Takes the lock, blocking. Throws instead if this thread holds it: a put or get of its own,
   * waiting to resume after an `await` that only this (then blocked) thread could run.
   */
  sync(method: string): void {
    refuseIfTerminated(`to call ${method}`);
    // A free lock is taken at once; only a held one is looked at more closely (one atomic step
    // fewer per call when values flow).
    if (tryLock(this.#cells)) return;
    if (ownerOf(this.#cells) === getCurrent().pid) {
      throw new Error(
        `${method} would wait forever: a put() or get() of this thread on this queue, not yet ` +
          `resumed, holds the queue's lock. Await that call before calling ${method}`,
      );
    }
    for (;;) {
      try {
        if (this.#lock.acquireSync()) return;
      } catch (error) {
        if (!(error instanceof OwnerDiedError)) throw error;
      }
    }
  }
}
