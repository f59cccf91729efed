/**
 * The order of a pipe's messages across senders. Every handle of a sending end (the real end
 * and the proxies in workers) takes a ticket from one counter in shared memory as it sends, and
 * the receiving end delivers messages in ticket order. A send that happens before another (one
 * worker sends, releases a lock, the next takes it and sends) takes the lower ticket, so it is
 * received first, whatever order the messages of different workers' ports reach the relay in.
 *
 * Tickets wrap around at 2^32; only the difference of two is compared, which stays exact while
 * fewer than 2^31 messages are in flight.
 *
 * @module
 */
import type { Envelope } from "./envelope.ts";

/** The shared counter of one direction of a pipe: the next ticket to take. */
export type TicketCells = Int32Array<SharedArrayBuffer>;

/** A counter for a new pipe direction. */
export function ticketCells(): TicketCells {
  return new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
}

/** Takes the next ticket: call just before the message leaves, once it cannot fail to. */
export function takeTicket(cells: TicketCells): number {
  return Atomics.add(cells, 0, 1);
}

/**
 * The receiving side of the tickets: puts messages back in ticket order. `null` stands for a
 * ticket whose message was never sent (its value could not be cloned), to be stepped over.
 */
export class SendOrder {
  #expected = 0;
  readonly #early = new Map<number, Envelope | null>();

  /** Messages that arrived ahead of a lower ticket still on its way. */
  get waiting(): number {
    return this.#early.size;
  }

  /** Takes the message of `ticket`; hands `deliver` every message now in order. */
  accept(ticket: number, envelope: Envelope | null, deliver: (envelope: Envelope) => void): void {
    if (ticket !== this.#expected) {
      // Below the expected ticket: its turn was given up as lost (see skipGap); late beats
      // never, so it is delivered now rather than dropped.
      if (((ticket - this.#expected) | 0) < 0) {
        if (envelope !== null) deliver(envelope);
      } else this.#early.set(ticket, envelope);
      return;
    }
    if (envelope !== null) deliver(envelope);
    this.#expected = (this.#expected + 1) | 0;
    this.#drain(deliver);
  }

  /**
   * Gives up on the tickets missing before the lowest that arrived (their senders died between
   * taking them and sending), and delivers what is then in order.
   */
  skipGap(deliver: (envelope: Envelope) => void): void {
    let lowest: number | null = null;
    for (const ticket of this.#early.keys()) {
      if (lowest === null || ((ticket - lowest) | 0) < 0) lowest = ticket;
    }
    if (lowest === null) return;
    this.#expected = lowest;
    this.#drain(deliver);
  }

  #drain(deliver: (envelope: Envelope) => void): void {
    for (;;) {
      if (!this.#early.has(this.#expected)) return;
      const next = this.#early.get(this.#expected)!;
      this.#early.delete(this.#expected);
      if (next !== null) deliver(next);
      this.#expected = (this.#expected + 1) | 0;
    }
  }
}
