/**
 * A proxy's receives that may be answered from the copies its relay lent it (`_lend.ts`): from a
 * copy of the next message when one is here, after waiting for one on its way, or else by a
 * request to the relay. Receives made while one waits for a copy queue behind it, so that they
 * are answered in the order they were made.
 *
 * @module
 */
import { EOFError } from "../errors.ts";
import type { Cell } from "./_connection_parts.ts";
import { type Claim, type Lent, LentCopies } from "./_lend.ts";

/** What a {@linkcode LentReceiver} asks of its proxy. */
export interface LentReceiverHost {
  /** Whether a receive may use a copy now: the handle is open and no request of it waits. */
  idle(): boolean;
  /** Whether the handle was closed. */
  closed(): boolean;
  /** Asks the relay for the next message, as a receive without copies does. */
  request(bytes: boolean, max: number | null): Promise<unknown>;
  /** A receive started or stopped waiting for a copy: the worker stays alive while one waits. */
  waitChanged(): void;
  /** A message was taken from a copy (a small value). */
  took(): void;
}

interface Waiting {
  readonly bytes: boolean;
  readonly max: number | null;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/**
 * The receives of one proxy, with its copies.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cell } from "./_connection_parts.ts";
 * const taken = cell(), lent = cell();
 * const receiver = new LentReceiver(taken, lent, {
 *   idle: () => true,
 *   closed: () => false,
 *   request: () => Promise.resolve("asked the relay"),
 *   waitChanged() {},
 *   took() {},
 * });
 * assert.equal(await receiver.receive(false, null), "asked the relay");
 * Atomics.store(lent, 0, 1); // a copy of message 0 is on its way
 * const next = receiver.receive(false, null);
 * assert.equal(receiver.waiting, true);
 * receiver.add([[0, "lent"]]);
 * assert.equal(await next, "lent");
 * ```
 */
export class LentReceiver {
  readonly #copies: LentCopies;
  readonly #host: LentReceiverHost;
  #waiting: Waiting | null = null;
  // Settles once the receive waiting on a copy has: later receives start after it.
  #queue: Promise<void> | null = null;

  /** `taken` and `lent`: the end's count of taken messages and how far this proxy was lent. */
  constructor(taken: Cell, lent: Cell, host: LentReceiverHost) {
    this.#copies = new LentCopies(taken, lent);
    this.#host = host;
  }

  /** Whether a receive waits for a copy on its way. */
  get waiting(): boolean {
    return this.#waiting !== null;
  }

  /** The next message: from a copy, or from the relay. */
  receive(bytes: boolean, max: number | null): Promise<unknown> {
    const queue = this.#queue;
    if (queue !== null) return queue.then(() => this.#receiveLater(bytes, max));
    if (!this.#host.idle()) return this.#host.request(bytes, max);
    let claim: Claim;
    try {
      claim = this.#copies.claim(bytes, max);
    } catch (error) {
      return Promise.reject(error);
    }
    if (claim === "ask") return this.#host.request(bytes, max);
    if (claim !== "wait") {
      this.#host.took();
      return Promise.resolve(claim.value);
    }
    const answered = new Promise((resolve, reject) => {
      this.#waiting = { bytes, max, resolve, reject };
    });
    const settled = answered.then(() => {}, () => {});
    this.#queue = settled;
    void settled.then(() => {
      if (this.#queue === settled) this.#queue = null;
    });
    this.#host.waitChanged();
    return answered;
  }

  /** Copies arrived from the relay: the receive waiting on one claims it, or asks after all. */
  add(copies: readonly Lent[]): void {
    this.#copies.add(copies);
    const waiting = this.#waiting;
    if (waiting === null) return;
    let claim: Claim;
    try {
      claim = this.#copies.claim(waiting.bytes, waiting.max);
    } catch (error) {
      this.#settle(waiting);
      return waiting.reject(error);
    }
    if (claim === "wait") return;
    this.#settle(waiting);
    if (claim === "ask") {
      this.#host.request(waiting.bytes, waiting.max).then(waiting.resolve, waiting.reject);
    } else {
      this.#host.took();
      waiting.resolve(claim.value);
    }
  }

  /** The handle closed: drops the copies and fails the receive waiting on one with `error`. */
  stop(error: EOFError): void {
    this.#copies.clear();
    const waiting = this.#waiting;
    if (waiting === null) return;
    this.#settle(waiting);
    waiting.reject(error);
  }

  #settle(waiting: Waiting): void {
    if (this.#waiting === waiting) this.#waiting = null;
    this.#host.waitChanged();
  }

  // A receive that queued behind one waiting on a copy: made now, unless the handle closed.
  #receiveLater(bytes: boolean, max: number | null): Promise<unknown> {
    if (this.#host.closed()) {
      return Promise.reject(new EOFError("the connection was closed while a receive was waiting"));
    }
    return this.receive(bytes, max);
  }
}
