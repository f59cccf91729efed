/**
 * Lending: how a worker's handle of a pipe end receives a small message without a round trip to
 * the thread holding the end. A worker's `recv()` is a request that thread answers; a worker
 * that receives often (acknowledgements of a flow it sends, say) would pay a thread wake-up each
 * way per message. So once a proxy has received, the relay posts it copies of the small messages
 * queued after (lends them), and the proxy takes one by claiming its sequence number in shared
 * memory, at the moment its `recv()` asks for it.
 *
 * The message itself stays in the end's inbox until it is claimed: a worker that dies holding
 * copies took nothing (the next reader gets the messages, as Python's pipe keeps what a dead
 * reader never read), and a copy of a message another handle took is dropped. Every reader (the
 * real end, the relay answering a proxy, a proxy using a copy) takes the inbox's head only by
 * moving the shared count of taken messages from its sequence number to the next, so each
 * message is taken once, in order. Only small primitives are lent: copying a large value twice
 * costs more than the trip it saves, and bytes are moved, never copied.
 *
 * @module
 */
import { Deque } from "../internal/deque.ts";
import type { Envelope } from "./envelope.ts";
import { type Cell, cell, checkBytesMessage } from "./_connection_parts.ts";

/** The most messages lent ahead of the inbox's head. */
export const LEND_AHEAD = 16;
/** The longest string lent. */
const LEND_STRING_LENGTH = 256;

/** A message lent: its sequence number in the end's inbox, and its value. */
export type Lent = readonly [seq: number, value: unknown];

/** Whether a copy of `envelope` may be lent: a small primitive sent with send(). */
export function lendable(envelope: Envelope): boolean {
  if (envelope.t !== "data") return false;
  const value = envelope.v;
  if (value === null || value === undefined) return true;
  const type = typeof value;
  if (type === "string") return (value as string).length <= LEND_STRING_LENGTH;
  return type === "number" || type === "boolean" || type === "bigint";
}

/** Whether sequence number `a` comes after `b` (they wrap around at 2^32). */
const after = (a: number, b: number): boolean => ((a - b) | 0) > 0;

/**
 * The inbox of a local end: its messages in order, each with a sequence number, and the shared
 * count of those taken, which proxies holding copies may move too.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const inbox = new SharedInbox();
 * inbox.push({ t: "data", v: 1 });
 * inbox.push({ t: "data", v: 2 });
 * // A proxy holding a copy of message 0 claims it: the inbox skips it.
 * assert.equal(Atomics.compareExchange(inbox.taken, 0, 0, 1), 0);
 * assert.deepEqual(inbox.peek(), { t: "data", v: 2 });
 * assert.equal(inbox.take(), true);
 * assert.equal(inbox.length, 0);
 * ```
 */
export class SharedInbox {
  /** How many messages were taken, by any handle: the sequence number of the next to take. */
  readonly taken: Cell = cell();
  readonly #items = new Deque<Envelope>();
  // The sequence number the next message pushed gets.
  #pushed = 0;

  /** Queues a message. */
  push(envelope: Envelope): void {
    this.#items.push(envelope);
    this.#pushed = (this.#pushed + 1) | 0;
  }

  /** The sequence number of the head (after {@linkcode peek} or {@linkcode length}). */
  get headSeq(): number {
    return (this.#pushed - this.#items.length) | 0;
  }

  /** Messages not taken yet. */
  get length(): number {
    this.#dropTaken();
    return this.#items.length;
  }

  /** The next message not taken, or undefined. */
  peek(): Envelope | undefined {
    this.#dropTaken();
    return this.#items.peek();
  }

  /** The message `offset` places after the head (after {@linkcode peek} or `length`). */
  at(offset: number): Envelope | undefined {
    return this.#items.at(offset);
  }

  /** Takes the head {@linkcode peek} returned; false if a proxy claimed it first (peek again). */
  take(): boolean {
    const seq = this.headSeq;
    if (Atomics.compareExchange(this.taken, 0, seq, (seq + 1) | 0) !== seq) return false;
    this.#items.shift();
    return true;
  }

  // Drops the messages proxies claimed from their copies.
  #dropTaken(): void {
    const taken = Atomics.load(this.taken, 0);
    while (this.#items.length > 0 && after(taken, this.headSeq)) this.#items.shift();
  }
}

/**
 * What a proxy's receive can do with the copies it holds: `value`, it claimed the next message;
 * `wait`, a copy of the next message is on its way; `ask`, none is: request it.
 */
export type Claim = { readonly value: unknown } | "wait" | "ask";

/**
 * A proxy's copies of lent messages.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cell } from "./_connection_parts.ts";
 * const taken = cell(), lent = cell();
 * const copies = new LentCopies(taken, lent);
 * assert.equal(copies.claim(false, null), "ask");
 * Atomics.store(lent, 0, 2); // the relay posted copies of messages 0 and 1
 * assert.equal(copies.claim(false, null), "wait");
 * copies.add([[0, "a"], [1, "b"]]);
 * Atomics.store(taken, 0, 1); // another handle took message 0
 * assert.deepEqual(copies.claim(false, null), { value: "b" });
 * assert.equal(copies.claim(false, null), "ask");
 * ```
 */
export class LentCopies {
  readonly #taken: Cell;
  readonly #lent: Cell;
  readonly #copies = new Deque<Lent>();

  /** `taken`: the end's count of taken messages; `lent`: how far its relay lent to this proxy. */
  constructor(taken: Cell, lent: Cell) {
    this.#taken = taken;
    this.#lent = lent;
  }

  /** Copies that arrived from the relay, in order. */
  add(copies: readonly Lent[]): void {
    for (const copy of copies) this.#copies.push(copy);
  }

  /**
   * Claims the next message of the end if a copy of it is here. Throws, taking nothing, as the
   * relay would, if `bytes` (recvBytes) and the message is not bytes.
   */
  claim(bytes: boolean, max: number | null): Claim {
    for (;;) {
      const taken = Atomics.load(this.#taken, 0);
      while (this.#copies.length > 0 && after(taken, this.#copies.peek()![0])) this.#copies.shift();
      const head = this.#copies.peek();
      if (head === undefined) return after(Atomics.load(this.#lent, 0), taken) ? "wait" : "ask";
      // Copies arrive in order: one of a later message means the next was not lent.
      if (head[0] !== taken) return "ask";
      if (bytes) checkBytesMessage({ t: "data", v: head[1] }, max);
      if (Atomics.compareExchange(this.#taken, 0, taken, (taken + 1) | 0) === taken) {
        this.#copies.shift();
        return { value: head[1] };
      }
    }
  }

  /** Drops every copy (the handle closed). */
  clear(): void {
    this.#copies.drain();
  }
}

/**
 * Lends copies of the lendable messages queued in `inbox` that `lent` (the proxy's cell) does
 * not cover yet, up to {@linkcode LEND_AHEAD} past the head, posting them on `port`; returns
 * whether it posted.
 */
export function lendAhead(inbox: SharedInbox, port: MessagePort, lent: Cell): boolean {
  const length = inbox.length;
  const head = inbox.headSeq;
  let offset = Math.max(0, (Atomics.load(lent, 0) - head) | 0);
  const copies: Lent[] = [];
  for (; offset < length && offset < LEND_AHEAD; offset++) {
    const envelope = inbox.at(offset)!;
    if (!lendable(envelope)) break;
    copies.push([(head + offset) | 0, (envelope as { v: unknown }).v]);
  }
  if (copies.length === 0) return false;
  port.postMessage({ lend: copies });
  // After the post: a proxy that reads this count knows the copies are on their way.
  Atomics.store(lent, 0, (head + offset) | 0);
  return true;
}
