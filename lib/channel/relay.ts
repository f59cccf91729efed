/**
 * The relay of a pipe end: it serves, in the thread that holds the end, the proxies of it that
 * were handed to workers. Each proxy talks to it over its own MessagePort (a link); the relay
 * turns the proxy's requests into sends, receives and polls of the end, and the end answers
 * through {@linkcode RelayHost}. Every link is a handle of the end, and the end closes once its
 * own handle and every link have (a link whose worker died counts as closed).
 *
 * @module
 */
import { EOFError } from "../errors.ts";
import { toFailure } from "../wire/failure.ts";
import { Deque } from "../internal/deque.ts";
import { handledOne, unring } from "./doorbell.ts";
import { lendAhead, type SharedInbox } from "./_lend.ts";
import type { Envelope, ProxyReply, ProxyRequest, RelayMessage } from "./envelope.ts";
import { readWant } from "./want.ts";
import {
  type Cell,
  cell,
  checkBytesMessage,
  holderDied,
  holderGone,
  keepAlive,
  nothingInFlight,
  type RelayLink,
  type RemoteReceive,
  type SendCounts,
  sendReply,
} from "./_connection_parts.ts";

/** What a relay asks of the end it serves. */
export interface RelayHost {
  /** A request came from a proxy: the end answers the receives it can first. */
  beforeRequest(): void;
  /** A proxy's receive: queued with {@linkcode Relay.queue}, or relayed further. */
  receive(waiter: RemoteReceive): void;
  /** A proxy's send, with its ticket: it goes on as if the end had sent it. */
  forward(ticket: number, envelope: Envelope | null): void;
  /** A proxy's poll; `own` false: the end's close does not end it. */
  poll(timeoutMs: number, own: boolean): Promise<boolean>;
  /** A link closed, or its holder died: the end may now be unheld. */
  dropped(): void;
}

/**
 * The links of one end. Its proxies' requests are handled as they arrive, on this thread.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cell, sendCounts } from "./_connection_parts.ts";
 * // An end that records what its one proxy sends (a real end queues it for its peer).
 * let forwarded!: (value: unknown) => void;
 * const arrived = new Promise((resolve) => forwarded = resolve);
 * const relay = new Relay({
 *   beforeRequest() {},
 *   receive() {},
 *   forward: (_ticket, envelope) => forwarded(envelope),
 *   poll: () => Promise.resolve(false),
 *   dropped() {},
 * });
 * const { port1: served, port2: proxy } = new MessageChannel();
 * relay.serve(served, { holder: cell(), sends: sendCounts(), lent: cell() });
 * proxy.postMessage({ op: "send", n: 0, env: { t: "data", v: "hi" } });
 * assert.deepEqual(await arrived, { t: "data", v: "hi" });
 * relay.refresh(); // the holder (pid 0, not known yet) is not dead: the link stays
 * assert.equal(relay.size, 1);
 * proxy.close();
 * served.close();
 * ```
 */
export class Relay {
  readonly #links = new Set<RelayLink>();
  // Receives that proxies of a local end are waiting on, answered in order of arrival.
  readonly #waiting = new Deque<RemoteReceive>();
  readonly #host: RelayHost;
  // The link whose receive was answered last: the one lent the messages queued after.
  #lastReader: RelayLink | null = null;

  constructor(host: RelayHost) {
    this.#host = host;
  }

  /** Links open: handles of the end held by workers. */
  get size(): number {
    return this.#links.size;
  }

  /** Receives of proxies waiting for a message. */
  get waitingReceives(): number {
    return this.#waiting.length;
  }

  /**
   * Serves a new proxy's requests arriving on `port`; `cells` are shared with it: its holder's
   * pid, its send counts, and how far it was lent messages.
   */
  serve(port: MessagePort, cells: { holder: Cell; sends: SendCounts; lent?: Cell }): void {
    keepAlive(port, false);
    const link: RelayLink = {
      port,
      holder: cells.holder,
      sends: cells.sends,
      lent: cells.lent ?? cell(),
      received: 0,
      lastProgress: 0,
      seenDead: false,
      bell: null,
      want: null,
      seen: 0,
      fromProxy: 0,
      replies: 0,
      closed: false,
    };
    this.#links.add(link);
    port.onmessage = (event) => {
      // A closed port may still deliver what was already queued for it.
      if (!link.closed) this.#handle(link, event.data as ProxyRequest);
    };
  }

  /** Closes the links whose holders died, as their workers would have closed them. */
  refresh(): void {
    if (this.#links.size === 0) return;
    for (const link of this.#links) {
      if (holderGone(link)) this.#drop(link);
    }
  }

  /** Whether no live link has a send on its way: a missing ticket will then never come. */
  sendsSettled(): boolean {
    for (const link of this.#links) {
      if (!nothingInFlight(link) && !holderGone(link)) return false;
    }
    return true;
  }

  /**
   * Queues the receives that proxies published since their requests left, as if those had
   * arrived: this thread may be too busy to handle the requests for a while (see want.ts).
   */
  takeWants(): void {
    for (const link of this.#links) {
      if (link.want === null) continue;
      const want = readWant(link.want, link.seen);
      if (want === null) continue;
      link.seen = want.id;
      this.#waiting.push({ link, ...want });
    }
  }

  /** Queues a proxy's receive, to answer with {@linkcode Relay.answer}. */
  queue(waiter: RemoteReceive): void {
    this.#waiting.push(waiter);
  }

  /**
   * Answers the waiting receives from `inbox` (with EOF once it is empty and `peerClosed`) at
   * once, in this call: no microtask stands between a message's arrival and its reply, so
   * nothing this thread does next (such as watching its bell) can hold the reply up.
   */
  answer(inbox: SharedInbox, peerClosed: boolean): void {
    for (;;) {
      const waiter = this.#waiting.peek();
      if (waiter === undefined) return;
      const head = inbox.peek();
      if (head === undefined && !peerClosed) return;
      this.#waiting.shift();
      // A dead worker's receive takes nothing: the message stays for the next reader.
      if (holderDied(waiter.link)) continue;
      let reply: ProxyReply;
      let transfer: Transferable[] = [];
      try {
        if (head === undefined) throw new EOFError("the other end of the pipe was closed");
        if (waiter.bytes) checkBytesMessage(head, waiter.max);
        if (!inbox.take()) {
          // A proxy claimed the head from its copy: answer from the next.
          this.#waiting.unshiftAll([waiter]);
          continue;
        }
        this.#lastReader = waiter.link;
        reply = { id: waiter.id, ok: true, v: head.t === "eof" ? undefined : head.v };
        // The bytes belong to this reply alone: move them rather than copy a second time.
        if (head.t === "bytes") transfer = [head.v.buffer as ArrayBuffer];
      } catch (error) {
        reply = { id: waiter.id, ok: false, failure: toFailure(error) };
      }
      sendReply(waiter.link, reply, transfer);
    }
  }

  /**
   * Lends the last proxy answered copies of the small messages queued in `inbox` (`_lend.ts`),
   * when no receive waits: it likely asks for them next, and can then take them without a trip.
   */
  lend(inbox: SharedInbox): void {
    const link = this.#lastReader;
    if (link === null || this.#waiting.length > 0) return;
    if (link.closed || holderDied(link)) {
      this.#lastReader = null;
      return;
    }
    lendAhead(inbox, link.port, link.lent);
  }

  /** Lends nothing until a proxy's receive is answered again: another handle reads now. */
  stopLending(): void {
    this.#lastReader = null;
  }

  /** Tells every proxy that the other end is gone, so that their next sends throw. */
  tellPeerGone(): void {
    for (const link of this.#links) {
      link.port.postMessage({ peerGone: true } satisfies RelayMessage);
    }
  }

  #handle(link: RelayLink, request: ProxyRequest): void {
    if (request.op === "hello") {
      link.bell = request.bell;
      link.want = request.want;
      return;
    }
    if (request.op === "close") {
      unring(link.bell, link.replies - request.handled);
      return this.#drop(link);
    }
    if (!(request.op === "recv" && request.published)) {
      handledOne();
      link.fromProxy++;
    }
    this.#host.beforeRequest();
    if (request.op === "send") {
      link.received++;
      if (link.seenDead) link.lastProgress = performance.now();
      this.#host.forward(request.n, request.env);
    } else if (request.op === "recv") {
      const { id, bytes, max } = request;
      // Taken already from what the proxy published.
      if (id <= link.seen) return;
      link.seen = id;
      this.#host.receive({ link, id, bytes, max });
    } else {
      replyWhenSettled(link, request.id, this.#host.poll(request.timeout, false));
    }
  }

  #drop(link: RelayLink): void {
    if (link.closed) return;
    link.closed = true;
    this.#links.delete(link);
    if (this.#lastReader === link) this.#lastReader = null;
    const others = this.#waiting.drain().filter((waiter) => waiter.link !== link);
    this.#waiting.unshiftAll(others);
    link.port.close();
    this.#host.dropped();
  }
}

/** Replies to request `id` of the link's proxy with what `answer` settles to. */
export async function replyWhenSettled(
  link: RelayLink,
  id: number,
  answer: Promise<unknown>,
): Promise<void> {
  let reply: ProxyReply;
  let transfer: Transferable[] = [];
  try {
    const value = await answer;
    reply = { id, ok: true, v: value };
    // The bytes belong to this reply alone: move them rather than copy a second time.
    if (value instanceof Uint8Array) transfer = [value.buffer as ArrayBuffer];
  } catch (error) {
    reply = { id, ok: false, failure: toFailure(error) };
  }
  sendReply(link, reply, transfer);
}
