/**
 * Python's `multiprocessing.Pipe` and `Connection`.
 *
 * Both real ends of a pipe stay in the thread that made it, linked in memory. A connection
 * handed to a worker (as a task or Process argument) is proxied: the worker gets a
 * MessageChannel port to a relay beside the real end, which sends and receives on its behalf.
 * So the handing side keeps its connection, any number of workers may use it, one after another
 * or at once, as Python's processes share a pipe's file descriptor, and a message crosses
 * between threads once per hop, as on a bare MessageChannel.
 *
 * Each handle is its holder's own, as a duplicated descriptor is in Python: closing one closes
 * only it, and an end closes (its peer reads EOF, or sends to it break) once its real handle and
 * every proxy are closed, a proxy counting as closed once its worker died. Sends from all
 * handles keep the order they happened in (see `_send_order.ts`).
 *
 * @module
 */
import { refuseLossy } from "../wire/_lossy_value.ts";
import { BrokenPipeError, EOFError } from "../errors.ts";
import { clearLongTimeout, type LongTimer, setLongTimeout } from "../internal/long_timer.ts";
import { fromFailure, toFailure } from "../wire/failure.ts";
import { Deque } from "../internal/deque.ts";
import { getCurrent } from "../internal/threads.ts";
import {
  encodingTarget,
  noteSharedObject,
  registerShared,
  releaseAfterTask,
  type SharedRecord,
  toShared,
} from "../wire/codec.ts";
import type { Envelope, ProxyReply, ProxyRequest, RelayMessage } from "./envelope.ts";
import { BellWatch, handledOne, ring, threadDoorbell, unring } from "./doorbell.ts";
import { publishWant, readWant, type WantCells, wantCells } from "./want.ts";
import {
  cannotSend,
  type Cell,
  cell,
  checkByteRange,
  checkBytesMessage,
  holderDied,
  holderGone,
  keepAlive,
  nothingInFlight,
  POSTED,
  type RelayLink,
  type RemoteReceive,
  type SendCounts,
  sendCounts,
  sendReply,
  structuredCloneForPipe,
  TAKEN,
  timeoutForPoll,
} from "./_connection_parts.ts";
import { SendOrder, takeTicket, type TicketCells, ticketCells } from "./_send_order.ts";
import { LivenessWatch } from "./_liveness_watch.ts";

interface Making {
  readonly readable: boolean;
  readonly writable: boolean;
  /** The port to the relay, for a proxy; `null` for a real end. */
  readonly relay: MessagePort | null;
  /** The doorbell of the relay's thread, for a proxy. */
  readonly relayBell: Int32Array<SharedArrayBuffer> | null;
  /** The other real end of the pipe, once it exists. */
  readonly peer: Connection | null;
  /** The ticket counter of this end's sends (shared by all its handles). */
  readonly tickets: TicketCells;
  /** A proxy's send counts, which its relay compares with the sends it handled. */
  readonly sends: SendCounts | null;
}

let making: Making | null = null;

/** Receiving a message this big turns off the doorbell watch of the next receive. */
const BIG_MESSAGE_BYTES = 64 * 1024;

interface PendingRequest {
  readonly own: boolean;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

function make(options: Making): Connection {
  making = options;
  return new Connection();
}

/**
 * One end of a {@linkcode Pipe}. `send`/`recv` carry any structured-cloneable value;
 * `sendBytes`/`recvBytes` carry bytes. Receiving after the other end closed (and everything it
 * sent was received) throws {@linkcode EOFError}, never hangs; sending to a closed end throws
 * {@linkcode BrokenPipeError}. A Connection passed to a worker is that worker's own handle of
 * the end: `close()` (or `using`, Python's `with conn:`) closes one handle, and the end closes
 * once all have, or died with their workers. Messages from all handles of an end arrive in the
 * order they were sent.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { EOFError } from "../../mod.ts";
 * const [left, right] = Pipe();
 * left.send([0, 0.5]);
 * assert.deepEqual(await right.recv(), [0, 0.5]);
 * left.close();
 * await assert.rejects(right.recv(), EOFError);
 * right.close();
 * ```
 */
export class Connection implements AsyncIterable<unknown>, Disposable {
  /** Whether this end may receive. */
  readonly readable: boolean;
  /** Whether this end may send. */
  readonly writable: boolean;
  // A proxy's port to its relay; null on a real end, which has a peer instead.
  readonly #relay: MessagePort | null;
  readonly #relayBell: Int32Array<SharedArrayBuffer> | null;
  // A proxy's published receive, which the relay may answer before the request reaches it.
  readonly #want: WantCells | null;
  readonly #tickets: TicketCells;
  readonly #sends: SendCounts | null;
  #peer: Connection | null = null;
  // Receives that workers' proxies of this end are waiting on, served in order of arrival.
  readonly #remote = new Deque<RemoteReceive>();
  readonly #watch = new BellWatch();
  readonly #order = new SendOrder();
  readonly #inbox = new Deque<Envelope>();
  readonly #push = (envelope: Envelope): void => void this.#inbox.push(envelope);
  readonly #wakers = new Deque<() => void>();
  // A proxy's receives and polls waiting on its relay; `own`: this handle's, not one relayed
  // for a proxy passed on from it.
  readonly #requests = new Map<number, PendingRequest>();
  // Relays serving proxies of this end (or of this proxy) in workers: each one is a handle.
  readonly #relays = new Set<RelayLink>();
  // Looks for dead handles while something waits on them (see #needsLiveness).
  readonly #liveness = new LivenessWatch(() => this.#checkLiveness());
  // A proxy's counts of rung-for messages posted to its relay and replies handled from it.
  #posted = 0;
  #repliesHandled = 0;
  #nextRequest = 1;
  // A real end: every handle of the other end closed. A proxy: that was said by its relay.
  #peerClosed = false;
  // This handle was closed.
  #closed = false;
  // This handle and every link closed: the end is gone (a proxy's relay was told).
  #ended = false;
  // Whether the last message this end received, or sent with sendBytes, was big: the peer is
  // then likely busy copying the next, and a watch of the bell would take a core from that
  // copy (and from the collector's background threads that free the big buffers).
  #lastBig = false;

  /** Connections come from {@linkcode Pipe}; this constructor is not for users. */
  constructor() {
    if (making === null) throw new TypeError("Connection is made by Pipe(), not with new");
    ({ relay: this.#relay, readable: this.readable, writable: this.writable } = making);
    this.#relayBell = making.relayBell;
    this.#tickets = making.tickets;
    this.#sends = making.sends;
    this.#want = making.relay === null ? null : wantCells();
    if (making.peer !== null) {
      this.#peer = making.peer;
      making.peer.#peer = this;
    }
    making = null;
    if (this.#relay !== null) {
      this.#relay.onmessage = (event) => this.#answer(event.data as RelayMessage);
      keepAlive(this.#relay, false);
      const hello = { op: "hello", bell: threadDoorbell(), want: this.#want! } as const;
      this.#relay.postMessage(hello satisfies ProxyRequest);
    }
    noteSharedObject();
  }

  /** Sends a structured-cloneable value to the other end. */
  send(value: unknown): void {
    refuseLossy(value, "Connection.send()");
    if (this.#relay === null) {
      this.#checkOpen(this.writable, "send on");
      // Cloned here, as a cross-thread send would be, so later changes to `value` do not travel.
      const envelope = { t: "data", v: structuredCloneForPipe(value) } as const;
      this.#deliver(envelope, this.#ticketToPeer());
    } else this.#postSend({ t: "data", v: value }, []);
  }

  /**
   * Sends bytes (copied: later changes to `data` do not travel), Python's `send_bytes`: `size`
   * bytes from byte `offset` of `data` (default: to its end).
   *
   * @throws {RangeError} if `offset` or `size` is negative or reaches past the buffer, with
   * Python's words ("offset is negative", "buffer length < offset + size"…).
   */
  sendBytes(data: ArrayBuffer | ArrayBufferView, offset = 0, size?: number): void {
    this.#checkOpen(this.writable, "send on");
    const bytes = data instanceof ArrayBuffer
      ? new Uint8Array(data)
      : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    const end = checkByteRange(bytes.byteLength, offset, size);
    const copy = bytes.slice(offset, end);
    this.#lastBig = copy.byteLength >= BIG_MESSAGE_BYTES;
    if (this.#relay === null) this.#deliver({ t: "bytes", v: copy }, this.#ticketToPeer());
    else this.#postSend({ t: "bytes", v: copy }, [copy.buffer]);
  }

  /** The next value; throws `EOFError` once the other end closed and nothing is left. */
  async recv(): Promise<unknown> {
    this.#checkOpen(this.readable, "receive on");
    if (this.#relay !== null) {
      return await this.#request({ op: "recv", id: 0, bytes: false, max: null });
    }
    const envelope = await this.#next(false, null);
    return envelope.t === "eof" ? undefined : envelope.v;
  }

  /** The next message sent with `sendBytes`; `maxLength` caps its size (RangeError if longer). */
  async recvBytes(maxLength?: number): Promise<Uint8Array> {
    this.#checkOpen(this.readable, "receive on");
    if (this.#relay !== null) {
      const request = { op: "recv", id: 0, bytes: true, max: maxLength ?? null } as const;
      return await this.#request(request) as Uint8Array;
    }
    return (await this.#next(true, maxLength ?? null) as { v: Uint8Array }).v;
  }

  /**
   * Whether a message (or the end of the stream) is ready to receive. Without a timeout it
   * answers at once, as Python's `poll()`; `Infinity` waits until one is. A negative timeout
   * acts as 0, as in Python.
   *
   * @throws {TypeError} if `timeoutMs` is not a number; {@linkcode RangeError} if it is NaN.
   */
  async poll(timeoutMs = 0): Promise<boolean> {
    const timeout = timeoutForPoll(timeoutMs);
    this.#checkOpen(this.readable, "receive on");
    return await this.#poll(timeout);
  }

  /**
   * Closes this handle. Other handles of this end (proxies of it in workers) stay open; once all
   * are closed, or died with their workers, the other end's `recv()` ends with `EOFError` after
   * it has read the rest, and its `send()` throws `BrokenPipeError`.
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const wake of this.#wakers.drain()) wake();
    this.#failRequests(new EOFError("the connection was closed while a receive was waiting"));
    this.#refreshLinks();
    this.#endIfUnheld();
  }

  /** Whether `close()` was called on this handle. */
  get closed(): boolean {
    return this.#closed;
  }

  /** `using conn = …`, Python's `with conn:`: closes this handle at the end of the scope. */
  [Symbol.dispose](): void {
    this.close();
  }

  /** `for await (const message of connection)`: every value until the other end closes. */
  async *[Symbol.asyncIterator](): AsyncGenerator<unknown, void, undefined> {
    for (;;) {
      try {
        yield await this.recv();
      } catch (error) {
        if (error instanceof EOFError) return;
        throw error;
      }
    }
  }

  /** @internal Hands a proxy of this end to a worker; see `transport.ts`. */
  [toShared](): SharedRecord {
    if (this.#closed) throw new EOFError("a closed connection cannot be passed to a worker");
    const { port1: relay, port2: remote } = new MessageChannel();
    // A proxy passed on from a proxy counts its sends in its parent's cell: the real end sees
    // only the parent's link.
    const sends = this.#sends ?? sendCounts();
    const holder = cell(encodingTarget());
    this.#serve(relay, holder, sends);
    return {
      kind: "Connection",
      state: {
        port: remote,
        readable: this.readable,
        writable: this.writable,
        bell: threadDoorbell(),
        tickets: this.#tickets,
        sends,
        holder,
      },
      transfer: [remote],
    };
  }

  // This end's next ticket, once nothing can stop the message: the other end is open.
  #ticketToPeer(): number {
    const peer = this.#peer!;
    if (peer.#closed) peer.#refreshLinks();
    if (peer.#ended) {
      throw new BrokenPipeError("cannot send: every handle of the other end of the pipe closed");
    }
    return takeTicket(this.#tickets);
  }

  #deliver(envelope: Envelope | null, ticket: number): void {
    this.#peer!.#accept(ticket, envelope);
  }

  #postSend(envelope: Envelope, transfer: Transferable[]): void {
    this.#checkOpen(this.writable, "send on");
    if (this.#peerClosed) {
      throw new BrokenPipeError("cannot send: every handle of the other end of the pipe closed");
    }
    // Counted before the ticket is taken: a relay that sees every count met knows that no
    // ticket below the counter is still on its way from this proxy.
    Atomics.add(this.#sends!, TAKEN, 1);
    const ticket = takeTicket(this.#tickets);
    try {
      this.#relay!.postMessage(
        { op: "send", n: ticket, env: envelope } satisfies ProxyRequest,
        transfer,
      );
    } catch (error) {
      // The ticket is taken: its turn is given up, so later messages do not wait for it.
      this.#relay!.postMessage({ op: "send", n: ticket, env: null } satisfies ProxyRequest);
      this.#countPosted();
      throw cannotSend(error);
    }
    this.#countPosted();
  }

  // Counts a send posted to the relay (after the post: the relay then waits for it).
  #countPosted(): void {
    Atomics.add(this.#sends!, POSTED, 1);
    this.#rang();
  }

  #rang(): void {
    ring(this.#relayBell);
    this.#posted++;
  }

  #checkOpen(allowed: boolean, what: string): void {
    if (this.#closed) throw new EOFError(`cannot ${what} a closed connection`);
    if (!allowed) {
      throw new TypeError(
        `cannot ${what} this connection: Pipe(false) gives a receive-only end and a send-only end`,
      );
    }
  }

  // A message of the other end with its ticket: queued once every earlier ticket's is.
  #accept(ticket: number, envelope: Envelope | null): void {
    this.#order.accept(ticket, envelope, this.#push);
    if (this.#order.waiting > 0) this.#liveness.start(true);
    this.#delivered();
  }

  // After messages were queued or the other end closed: answers whoever waits.
  #delivered(): void {
    this.#takeWants();
    this.#serveRemote();
    if (this.#wakers.length > 0) { for (const wake of this.#wakers.drain()) wake(); }
  }

  // Every handle of the other end closed: what arrived ahead of a lost ticket goes in, then EOF.
  #peerEnded(): void {
    while (this.#order.waiting > 0) this.#order.skipGap(this.#push);
    this.#peerClosed = true;
    // Before the receives' EOFs: a proxy whose receive ended may send at once, and must then
    // know that the send breaks.
    for (const link of this.#relays) {
      link.port.postMessage({ peerGone: true } satisfies RelayMessage);
    }
    this.#delivered();
  }

  // Closes the end once no handle holds it: this one closed and every link closed or died.
  #endIfUnheld(): void {
    if (this.#ended || !this.#closed || this.#relays.size > 0) return;
    this.#ended = true;
    this.#liveness.stop();
    this.#remote.drain();
    if (this.#relay !== null) {
      const handled = this.#repliesHandled;
      this.#relay.postMessage({ op: "close", handled } satisfies ProxyRequest);
      this.#relay.close();
    } else {
      this.#peer!.#peerEnded();
    }
  }

  // Closes the links whose holders died, as their workers would have closed them.
  #refreshLinks(): void {
    if (this.#relays.size === 0) return;
    for (const link of this.#relays) {
      if (holderGone(link)) this.#dropLink(link);
    }
  }

  #dropLink(link: RelayLink): void {
    if (link.closed) return;
    link.closed = true;
    this.#relays.delete(link);
    const others = this.#remote.drain().filter((waiter) => waiter.link !== link);
    this.#remote.unshiftAll(others);
    link.port.close();
    // Tickets its worker took and never sent no longer hold the other end's messages back.
    if (this.#relay === null) this.#peer!.#skipLostTickets();
    this.#endIfUnheld();
  }

  // Steps over missing tickets once no live link has a send on its way: their senders died
  // between taking a ticket and posting. (A sender on this thread never leaves a gap.)
  #skipLostTickets(): void {
    if (this.#order.waiting === 0) return;
    for (const link of this.#peer!.#relays) {
      if (!nothingInFlight(link) && !holderGone(link)) return;
    }
    this.#order.skipGap(this.#push);
    this.#delivered();
  }

  // Whether a wait here may depend on a handle that can die: a message held back by a missing
  // ticket, or a receive (here or a proxy's) waiting on an end held only by workers.
  #needsLiveness(): boolean {
    if (this.#order.waiting > 0) return true;
    const peer = this.#peer!;
    const waiting = this.#wakers.length > 0 || this.#remote.length > 0;
    return waiting && !peer.#ended && peer.#closed && peer.#relays.size > 0;
  }

  // One look of the liveness watch; returns whether to look again.
  #checkLiveness(): boolean {
    if (this.#ended || this.#peer === null) return false;
    this.#peer.#refreshLinks();
    this.#refreshLinks();
    this.#skipLostTickets();
    if (!this.#needsLiveness()) return false;
    // The process stays open for a receive of this thread, not for a proxy's.
    this.#liveness.holdOpen(this.#wakers.length > 0 || this.#order.waiting > 0);
    return true;
  }

  // Queues the receives that proxies published since their requests left, as if those had
  // arrived: this thread may be too busy to handle the requests for a while (see want.ts).
  #takeWants(): void {
    if (this.#relay !== null) return;
    for (const link of this.#relays) {
      if (link.want === null) continue;
      const want = readWant(link.want, link.seen);
      if (want === null) continue;
      link.seen = want.id;
      this.#remote.push({ link, ...want });
    }
  }

  // Answers waiting workers at once, in this call: no microtask stands between a message's
  // arrival and its reply, so nothing this thread does next (such as watching its bell) can
  // hold the reply up.
  #serveRemote(): void {
    for (;;) {
      const waiter = this.#remote.peek();
      if (waiter === undefined) return;
      const head = this.#inbox.peek();
      if (head === undefined && !this.#peerClosed) return;
      this.#remote.shift();
      // A dead worker's receive takes nothing: the message stays for the next reader.
      if (holderDied(waiter.link)) continue;
      let reply: ProxyReply;
      let transfer: Transferable[] = [];
      try {
        if (head === undefined) throw new EOFError("the other end of the pipe was closed");
        if (waiter.bytes) checkBytesMessage(head, waiter.max);
        this.#inbox.shift();
        reply = { id: waiter.id, ok: true, v: head.t === "eof" ? undefined : head.v };
        // The bytes belong to this reply alone: move them rather than copy a second time.
        if (head.t === "bytes") transfer = [head.v.buffer as ArrayBuffer];
      } catch (error) {
        reply = { id: waiter.id, ok: false, failure: toFailure(error) };
      }
      sendReply(waiter.link, reply, transfer);
    }
  }

  async #next(bytes: boolean, max: number | null): Promise<Envelope> {
    for (;;) {
      this.#checkOpen(this.readable, "receive on");
      const head = this.#inbox.peek();
      if (head !== undefined) {
        if (bytes) checkBytesMessage(head, max);
        this.#lastBig = head.t === "bytes" && head.v.byteLength >= BIG_MESSAGE_BYTES;
        return this.#inbox.shift()!;
      }
      if (this.#peerClosed) throw new EOFError("the other end of the pipe was closed");
      const wait = new Promise<void>((resolve) => this.#wakers.push(resolve));
      if (this.#needsLiveness()) this.#liveness.start(true);
      // Only workers' proxies of the peer can send while this thread is busy watching.
      const fromWorkers = this.#peer !== null && this.#peer.#relays.size > 0 && !this.#lastBig;
      if (fromWorkers) this.#watch.watch();
      await wait;
      if (fromWorkers) this.#watch.end();
    }
  }

  // poll() past its checks; `own`: this handle's poll, which its close() ends, rather than one
  // a relay runs for a proxy.
  async #poll(timeoutMs: number, own = true): Promise<boolean> {
    if (this.#relay !== null) {
      return await this.#request({ op: "poll", id: 0, timeout: timeoutMs }, own) as boolean;
    }
    const ready = () => this.#inbox.length > 0 || this.#peerClosed || this.#ended;
    const deadline = performance.now() + timeoutMs;
    // Woken also by events that leave nothing to read (a close of this handle, say).
    while (!ready() && !(own && this.#closed)) {
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

  #request(request: ProxyRequest & { id: number }, own = true): Promise<unknown> {
    if (this.#ended) {
      return Promise.reject(new EOFError("cannot receive on a closed connection"));
    }
    const id = this.#nextRequest++;
    const published = request.op === "recv" && this.#requests.size === 0 &&
      publishWant(this.#want!, id, request.bytes, request.max);
    const answered = new Promise((resolve, reject) => {
      this.#requests.set(id, { own, resolve, reject });
      // A proxy keeps its worker alive only while it waits, as a blocking recv would.
      keepAlive(this.#relay!, true);
      this.#relay!.postMessage({ ...request, id, published });
    });
    // A published receive is not rung for: the relay may have answered it long before the
    // request arrives, and a thread watching its bell would stop for a message it skips.
    if (!published) this.#rang();
    if (!this.#lastBig) this.#watch.watch();
    return answered;
  }

  #answer(message: RelayMessage): void {
    // After the end closed the relay counts what is still queued here as lost; so must this end.
    if (this.#ended) return;
    if ("peerGone" in message) {
      this.#peerClosed = true;
      return;
    }
    handledOne();
    this.#repliesHandled++;
    const pending = this.#requests.get(message.id);
    if (pending === undefined) return;
    this.#watch.end();
    this.#requests.delete(message.id);
    if (this.#requests.size === 0) keepAlive(this.#relay!, false);
    if (message.ok) {
      const value = message.v;
      this.#lastBig = value instanceof Uint8Array && value.byteLength >= BIG_MESSAGE_BYTES;
      pending.resolve(value);
    } else pending.reject(fromFailure(message.failure));
  }

  // Fails this handle's waiting receives; those relayed for proxies passed on go on.
  #failRequests(error: EOFError): void {
    for (const [id, { own, reject }] of this.#requests) {
      if (!own) continue;
      this.#requests.delete(id);
      reject(error);
    }
    if (this.#relay !== null && this.#requests.size === 0) keepAlive(this.#relay, false);
  }

  // The relay: runs in the thread that handed this end over, on its behalf.
  #serve(port: MessagePort, holder: Cell, sends: SendCounts): void {
    keepAlive(port, false);
    const link: RelayLink = {
      port,
      holder,
      sends,
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
    this.#relays.add(link);
    port.onmessage = (event) => {
      // A closed port may still deliver what was already queued for it.
      if (link.closed) return;
      const request = event.data as ProxyRequest;
      if (request.op === "hello") {
        link.bell = request.bell;
        link.want = request.want;
        return;
      }
      if (request.op === "close") {
        unring(link.bell, link.replies - request.handled);
        return this.#dropLink(link);
      }
      if (!(request.op === "recv" && request.published)) {
        handledOne();
        link.fromProxy++;
      }
      this.#takeWants();
      this.#serveRemote();
      if (request.op === "send") {
        link.received++;
        if (link.seenDead) link.lastProgress = performance.now();
        this.#forward(request.n, request.env);
      } else if (request.op === "recv") {
        const { id, bytes, max } = request;
        // Taken already from what the proxy published.
        if (id <= link.seen) return;
        link.seen = id;
        const waiter = { link, id, bytes, max };
        if (this.#relay !== null) return this.#relayReceive(waiter);
        this.#remote.push(waiter);
        this.#serveRemote();
        if (this.#needsLiveness()) this.#liveness.start(false);
        // A receive of this thread waiting on the peer is likely answered by the worker just
        // served: watch for it again rather than park.
        const peer = this.#peer;
        if (peer !== null && peer.#wakers.length > 0 && !peer.#lastBig) peer.#watch.watch();
      } else {
        this.#relayPoll(link, request.id, request.timeout);
      }
    };
  }

  async #relayPoll(link: RelayLink, id: number, timeoutMs: number): Promise<void> {
    let reply: ProxyReply;
    try {
      reply = { id, ok: true, v: await this.#poll(timeoutMs, false) };
    } catch (error) {
      reply = { id, ok: false, failure: toFailure(error) };
    }
    sendReply(link, reply, []);
  }

  // A proxy passed on from a worker to another: its receives go one relay further.
  async #relayReceive(waiter: RemoteReceive): Promise<void> {
    let reply: ProxyReply;
    let transfer: Transferable[] = [];
    try {
      const request = { op: "recv", id: 0, bytes: waiter.bytes, max: waiter.max } as const;
      const value = await this.#request(request, false);
      reply = { id: waiter.id, ok: true, v: value };
      if (value instanceof Uint8Array) transfer = [value.buffer as ArrayBuffer];
    } catch (error) {
      reply = { id: waiter.id, ok: false, failure: toFailure(error) };
    }
    sendReply(waiter.link, reply, transfer);
  }

  // What a relay received from its proxy goes on with its ticket, as if this end had sent it.
  // Once every handle of the other end closed it is dropped, as an OS pipe drops what is
  // written after its reader has gone (the proxy was told, and its next send throws).
  #forward(ticket: number, envelope: Envelope | null): void {
    if (this.#relay === null) {
      if (!this.#peer!.#ended) this.#deliver(envelope, ticket);
      return;
    }
    const transfer = envelope?.t === "bytes" ? [envelope.v.buffer as ArrayBuffer] : [];
    this.#relay.postMessage(
      { op: "send", n: ticket, env: envelope } satisfies ProxyRequest,
      transfer,
    );
    this.#rang();
  }
}

/**
 * Python's `multiprocessing.Pipe()`: two connected {@linkcode Connection}s. With
 * `duplex = false` the first can only receive and the second can only send.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const [receiver, sender] = Pipe(false);
 * sender.send("hello");
 * assert.equal(await receiver.recv(), "hello");
 * assert.throws(() => receiver.send("no"), /receive-only/);
 * sender.close();
 * receiver.close();
 * ```
 */
export function Pipe(duplex = true): [Connection, Connection] {
  const real = { relay: null, relayBell: null, sends: null } as const;
  const first = make({
    ...real,
    readable: true,
    writable: duplex,
    peer: null,
    tickets: ticketCells(),
  });
  const second = make({
    ...real,
    readable: duplex,
    writable: true,
    peer: first,
    tickets: ticketCells(),
  });
  return [first, second];
}

registerShared("Connection", (state) => {
  const { port, readable, writable, bell, tickets, sends, holder } = state as {
    port: MessagePort;
    readable: boolean;
    writable: boolean;
    bell: Int32Array<SharedArrayBuffer>;
    tickets: TicketCells;
    sends: SendCounts;
    holder: Cell;
  };
  // This thread holds the proxy now: its death closes the proxy's link.
  Atomics.store(holder, 0, getCurrent().pid);
  const proxy = make({
    readable,
    writable,
    relay: port,
    relayBell: bell,
    peer: null,
    tickets,
    sends,
  });
  // A task's argument is its own handle, closed when the task ends, as Python's is.
  releaseAfterTask(() => proxy.close());
  return proxy;
});
