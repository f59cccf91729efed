/**
 * An end of a pipe in the thread that made it. Both local ends of a pipe live in that thread,
 * linked in memory: a send queues the message in the peer's inbox, in ticket order (see
 * `_send_order.ts`), and the peer answers its own receives and those its proxies' relay queued.
 *
 * @module
 */
import { BrokenPipeError, EOFError } from "../errors.ts";
import { clearLongTimeout, type LongTimer, setLongTimeout } from "../internal/long_timer.ts";
import { Deque } from "../internal/deque.ts";
import type { Envelope } from "./envelope.ts";
import {
  type Cell,
  checkBytesMessage,
  type RemoteReceive,
  structuredCloneForPipe,
} from "./_connection_parts.ts";
import { SendOrder, takeTicket, ticketCells } from "./_send_order.ts";
import { LivenessWatch } from "./_liveness_watch.ts";
import { BIG_MESSAGE_BYTES, End } from "./_end.ts";
import { SharedInbox } from "./_lend.ts";

/**
 * One of the two ends a pipe starts with.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const [receiver, sender] = LocalEnd.pair(false);
 * sender.send({ n: 1 });
 * assert.equal(await receiver.poll(0), true);
 * assert.deepEqual(await receiver.recv(false, null), { n: 1 });
 * sender.close();
 * await assert.rejects(receiver.recv(false, null), /closed/);
 * receiver.close();
 * ```
 */
export class LocalEnd extends End {
  // The other end, set by pair() as soon as both exist.
  #peer!: LocalEnd;
  readonly #inbox = new SharedInbox();
  readonly #push = (envelope: Envelope): void => void this.#inbox.push(envelope);
  readonly #order = new SendOrder();
  readonly #wakers = new Deque<() => void>();
  // Looks for dead handles while something waits on them (see #needsLiveness).
  readonly #liveness = new LivenessWatch(() => this.#checkLiveness());
  // Every handle of the other end closed.
  #peerClosed = false;

  /** The two ends of a new pipe; with `duplex` false the first only receives. */
  static pair(duplex: boolean): [LocalEnd, LocalEnd] {
    const first = new LocalEnd(true, duplex, ticketCells(), null);
    const second = new LocalEnd(duplex, true, ticketCells(), null);
    first.#peer = second;
    second.#peer = first;
    return [first, second];
  }

  send(value: unknown): void {
    // Cloned here, as a cross-thread send would be, so later changes to `value` do not travel.
    this.sendEnvelope({ t: "data", v: structuredCloneForPipe(value) });
  }

  async recv(bytes: boolean, max: number | null): Promise<unknown> {
    for (;;) {
      if (this.closed) throw new EOFError("cannot receive on a closed connection");
      const head = this.#inbox.peek();
      if (head !== undefined) {
        if (bytes) checkBytesMessage(head, max);
        // A proxy claimed it from its copy (see _lend.ts): look again.
        if (!this.#inbox.take()) continue;
        // This thread reads: lending to the proxy that read last would only copy for nothing.
        this.relay.stopLending();
        this.lastBig = head.t === "bytes" && head.v.byteLength >= BIG_MESSAGE_BYTES;
        return head.t === "eof" ? undefined : head.v;
      }
      if (this.#peerClosed) throw new EOFError("the other end of the pipe was closed");
      const wait = new Promise<void>((resolve) => this.#wakers.push(resolve));
      if (this.#needsLiveness()) this.#liveness.start(true);
      // Only workers' proxies of the peer can send while this thread is busy watching.
      const fromWorkers = this.#peer.relay.size > 0 && !this.lastBig;
      if (fromWorkers) this.watch.watch();
      await wait;
      if (fromWorkers) this.watch.end();
    }
  }

  async poll(timeoutMs: number, own = true): Promise<boolean> {
    const ready = () => this.#inbox.length > 0 || this.#peerClosed || this.ended;
    const deadline = performance.now() + timeoutMs;
    // Woken also by events that leave nothing to read (a close of this handle, say).
    while (!ready() && !(own && this.closed)) {
      const left = deadline - performance.now();
      if (left <= 0) break;
      let timer: LongTimer | undefined;
      await new Promise<void>((resolve) => {
        this.#wakers.push(resolve);
        if (Number.isFinite(left)) timer = setLongTimeout(resolve, left);
        if (this.#needsLiveness()) this.#liveness.start(own);
      });
      clearLongTimeout(timer);
    }
    return ready();
  }

  beforeRequest(): void {
    this.relay.takeWants();
    this.#answerProxies();
  }

  receive(waiter: RemoteReceive): void {
    this.relay.queue(waiter);
    this.#answerProxies();
    if (this.#needsLiveness()) this.#liveness.start(false);
    // A receive of this thread waiting on the peer is likely answered by the worker just
    // served: watch for it again rather than park.
    const peer = this.#peer;
    if (peer.#wakers.length > 0 && !peer.lastBig) peer.watch.watch();
  }

  // Once every handle of the other end closed it is dropped, as an OS pipe drops what is
  // written after its reader has gone (the proxy was told, and its next send throws).
  forward(ticket: number, envelope: Envelope | null): void {
    if (!this.#peer.ended) this.#peer.#accept(ticket, envelope);
  }

  dropped(): void {
    // Tickets its worker took and never sent no longer hold the other end's messages back.
    this.#peer.#skipLostTickets();
    this.endIfUnheld();
  }

  protected get inboxTaken(): Cell {
    return this.#inbox.taken;
  }

  protected sendEnvelope(envelope: Envelope): void {
    this.#peer.#accept(this.#ticketToPeer(), envelope);
  }

  protected stopWaits(): void {
    for (const wake of this.#wakers.drain()) wake();
  }

  protected endNow(): void {
    this.#liveness.stop();
    this.#peer.#peerEnded();
  }

  // This end's next ticket, once nothing can stop the message: the other end is open.
  #ticketToPeer(): number {
    const peer = this.#peer;
    if (peer.closed) peer.relay.refresh();
    if (peer.ended) {
      throw new BrokenPipeError("cannot send: every handle of the other end of the pipe closed");
    }
    return takeTicket(this.tickets);
  }

  // A message of the other end with its ticket: queued once every earlier ticket's is.
  #accept(ticket: number, envelope: Envelope | null): void {
    this.#order.accept(ticket, envelope, this.#push);
    if (this.#order.waiting > 0) this.#liveness.start(true);
    this.#delivered();
  }

  // Answers the proxies' waiting receives; then, unless this thread's own receive waits (it
  // takes the next message), lends the last proxy answered what is queued after (_lend.ts).
  #answerProxies(): void {
    this.relay.answer(this.#inbox, this.#peerClosed);
    if (this.#wakers.length === 0) this.relay.lend(this.#inbox);
  }

  // After messages were queued or the other end closed: answers whoever waits.
  #delivered(): void {
    this.beforeRequest();
    if (this.#wakers.length > 0) { for (const wake of this.#wakers.drain()) wake(); }
  }

  // Every handle of the other end closed: what arrived ahead of a lost ticket goes in, then EOF.
  #peerEnded(): void {
    while (this.#order.waiting > 0) this.#order.skipGap(this.#push);
    this.#peerClosed = true;
    // Before the receives' EOFs: a proxy whose receive ended may send at once, and must then
    // know that the send breaks.
    this.relay.tellPeerGone();
    this.#delivered();
  }

  // Steps over missing tickets once no live link has a send on its way: their senders died
  // between taking a ticket and posting. (A sender on this thread never leaves a gap.)
  #skipLostTickets(): void {
    if (this.#order.waiting === 0 || !this.#peer.relay.sendsSettled()) return;
    this.#order.skipGap(this.#push);
    this.#delivered();
  }

  // Whether a wait here may depend on a handle that can die: a message held back by a missing
  // ticket, or a receive (here or a proxy's) waiting on an end held only by workers.
  #needsLiveness(): boolean {
    if (this.#order.waiting > 0) return true;
    const peer = this.#peer;
    const waiting = this.#wakers.length > 0 || this.relay.waitingReceives > 0;
    return waiting && !peer.ended && peer.closed && peer.relay.size > 0;
  }

  // One look of the liveness watch; returns whether to look again.
  #checkLiveness(): boolean {
    if (this.ended) return false;
    this.#peer.relay.refresh();
    this.relay.refresh();
    this.#skipLostTickets();
    if (!this.#needsLiveness()) return false;
    // The process stays open for a receive of this thread, not for a proxy's.
    this.#liveness.holdOpen(this.#wakers.length > 0 || this.#order.waiting > 0);
    return true;
  }
}
