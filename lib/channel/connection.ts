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
 * @module
 */
import { BrokenPipeError, EOFError } from "../errors.ts";
import { clearLongTimeout, type LongTimer, setLongTimeout } from "../_long_timer.ts";
import { fromFailure, toFailure } from "../pool/failure.ts";
import { Deque } from "../pool/deque.ts";
import {
  noteSharedObject,
  registerShared,
  type SharedRecord,
  toShared,
} from "../shared/transport.ts";
import type { Envelope, ProxyReply, ProxyRequest, RelayMessage } from "./envelope.ts";
import { BellWatch, handledOne, ring, threadDoorbell, unring } from "./doorbell.ts";
import { publishWant, readWant, type WantCells, wantCells } from "./want.ts";
import {
  cannotSend,
  checkBytesMessage,
  keepAlive,
  type RelayLink,
  type RemoteReceive,
  sendReply,
  structuredCloneForPipe,
} from "./_connection_parts.ts";

interface Making {
  readonly readable: boolean;
  readonly writable: boolean;
  /** The port to the relay, for a proxy; `null` for a real end. */
  readonly relay: MessagePort | null;
  /** The doorbell of the relay's thread, for a proxy. */
  readonly relayBell: Int32Array<SharedArrayBuffer> | null;
  /** The other real end of the pipe, once it exists. */
  readonly peer: Connection | null;
}

let making: Making | null = null;

/** Receiving a message this big turns off the doorbell watch of the next receive. */
const BIG_MESSAGE_BYTES = 64 * 1024;

function make(
  readable: boolean,
  writable: boolean,
  relay: MessagePort | null,
  relayBell: Int32Array<SharedArrayBuffer> | null = null,
  peer: Connection | null = null,
): Connection {
  making = { readable, writable, relay, relayBell, peer };
  return new Connection();
}

/**
 * One end of a {@linkcode Pipe}. `send`/`recv` carry any structured-cloneable value;
 * `sendBytes`/`recvBytes` carry bytes. Receiving after the other end closed (and everything it
 * sent was received) throws {@linkcode EOFError}, never hangs; sending to a closed end throws
 * {@linkcode BrokenPipeError}.
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
export class Connection implements AsyncIterable<unknown> {
  /** Whether this end may receive. */
  readonly readable: boolean;
  /** Whether this end may send. */
  readonly writable: boolean;
  // A proxy's port to its relay; null on a real end, which has a peer instead.
  readonly #relay: MessagePort | null;
  readonly #relayBell: Int32Array<SharedArrayBuffer> | null;
  // A proxy's published receive, which the relay may answer before the request reaches it.
  readonly #want: WantCells | null;
  #peer: Connection | null = null;
  // Receives that workers' proxies of this end are waiting on, served in order of arrival.
  readonly #remote = new Deque<RemoteReceive>();
  readonly #watch = new BellWatch();
  readonly #inbox = new Deque<Envelope>();
  readonly #wakers = new Deque<() => void>();
  readonly #requests = new Map<number, { resolve(v: unknown): void; reject(e: unknown): void }>();
  // Relays serving proxies of this end in workers; closed with it, since a worker that ends
  // never says goodbye.
  readonly #relays = new Set<RelayLink>();
  // A proxy's counts of rung-for messages posted to its relay and replies handled from it.
  #posted = 0;
  #repliesHandled = 0;
  #nextRequest = 1;
  #peerClosed = false;
  #closed = false;
  // Whether the last message this end received, or sent with sendBytes, was big: the peer is
  // then likely busy copying the next, and a watch of the bell would take a core from that
  // copy (and from the collector's background threads that free the big buffers).
  #lastBig = false;

  /** Connections come from {@linkcode Pipe}; this constructor is not for users. */
  constructor() {
    if (making === null) throw new TypeError("Connection is made by Pipe(), not with new");
    ({ relay: this.#relay, readable: this.readable, writable: this.writable } = making);
    this.#relayBell = making.relayBell;
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
    if (this.#relay === null) {
      this.#checkOpen(this.writable, "send on");
      // Cloned here, as a cross-thread send would be, so later changes to `value` do not travel.
      this.#deliver({ t: "data", v: structuredCloneForPipe(value) });
    } else this.#postToRelay({ t: "data", v: value }, []);
  }

  /** Sends bytes (copied: later changes to `data` do not travel), Python's `send_bytes`. */
  sendBytes(data: ArrayBuffer | ArrayBufferView, offset = 0, size?: number): void {
    this.#checkOpen(this.writable, "send on");
    const bytes = data instanceof ArrayBuffer
      ? new Uint8Array(data)
      : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    const copy = bytes.slice(offset, size === undefined ? undefined : offset + size);
    this.#lastBig = copy.byteLength >= BIG_MESSAGE_BYTES;
    if (this.#relay === null) this.#deliver({ t: "bytes", v: copy });
    else this.#postToRelay({ t: "bytes", v: copy }, [copy.buffer]);
  }

  /** The next value; throws `EOFError` once the other end closed and nothing is left. */
  async recv(): Promise<unknown> {
    if (this.#relay !== null) {
      return await this.#request({ op: "recv", id: 0, bytes: false, max: null });
    }
    const envelope = await this.#next(false, null);
    return envelope.t === "eof" ? undefined : envelope.v;
  }

  /** The next message sent with `sendBytes`; `maxLength` caps its size (RangeError if longer). */
  async recvBytes(maxLength?: number): Promise<Uint8Array> {
    if (this.#relay !== null) {
      const request = { op: "recv", id: 0, bytes: true, max: maxLength ?? null } as const;
      return await this.#request(request) as Uint8Array;
    }
    return (await this.#next(true, maxLength ?? null) as { v: Uint8Array }).v;
  }

  /**
   * Whether a message (or the end of the stream) is ready to receive. Without a timeout it
   * answers at once, as Python's `poll()`; `Infinity` waits until one is.
   */
  async poll(timeoutMs = 0): Promise<boolean> {
    if (typeof timeoutMs !== "number") {
      throw new TypeError(
        `Connection.poll() expects a timeout in ms, a number >= 0, received ${typeof timeoutMs} ` +
          JSON.stringify(timeoutMs),
      );
    }
    if (Number.isNaN(timeoutMs) || timeoutMs < 0) {
      throw new RangeError(`Connection.poll() expects a timeout in ms >= 0, received ${timeoutMs}`);
    }
    this.#checkOpen(this.readable, "receive on");
    if (this.#relay !== null) {
      return await this.#request({ op: "poll", id: 0, timeout: timeoutMs }) as boolean;
    }
    const ready = () => this.#inbox.length > 0 || this.#peerClosed || this.#closed;
    if (ready() || timeoutMs === 0) return ready();
    let timer: LongTimer | undefined;
    await new Promise<void>((resolve) => {
      this.#wakers.push(resolve);
      if (Number.isFinite(timeoutMs)) timer = setLongTimeout(resolve, timeoutMs);
    });
    clearLongTimeout(timer);
    return ready();
  }

  /** Closes this end; the other end's `recv()` ends with `EOFError` once it has read the rest. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#relay !== null) {
      const handled = this.#repliesHandled;
      this.#relay.postMessage({ op: "close", handled } satisfies ProxyRequest);
      this.#relay.close();
    } else {
      this.#peer!.#arrive({ t: "eof" });
    }
    this.#remote.drain();
    // Proxies in workers learn that this end is gone, so their waits end too.
    for (const link of this.#relays) {
      // Marked first: closing the port may dispatch what is queued on it there and then.
      link.closed = true;
      link.port.postMessage({ closed: true, handled: link.fromProxy } satisfies RelayMessage);
      link.port.close();
    }
    this.#relays.clear();
    for (const wake of this.#wakers.drain()) wake();
    this.#failRequests(new EOFError("the connection was closed while a receive was waiting"));
  }

  /** Whether `close()` was called on this end. */
  get closed(): boolean {
    return this.#closed;
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
    this.#serve(relay);
    return {
      kind: "Connection",
      state: {
        port: remote,
        readable: this.readable,
        writable: this.writable,
        bell: threadDoorbell(),
      },
      transfer: [remote],
    };
  }

  #deliver(envelope: Envelope): void {
    const peer = this.#peer!;
    if (peer.#closed) {
      throw new BrokenPipeError("cannot send: the other end of the pipe was closed");
    }
    peer.#arrive(envelope);
  }

  #postToRelay(envelope: Envelope, transfer: Transferable[]): void {
    this.#checkOpen(this.writable, "send on");
    if (this.#peerClosed) {
      throw new BrokenPipeError("cannot send: the thread that handed over this end closed it");
    }
    try {
      this.#relay!.postMessage({ op: "send", env: envelope } satisfies ProxyRequest, transfer);
    } catch (error) {
      throw cannotSend(error);
    }
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

  #arrive(envelope: Envelope): void {
    if (envelope.t === "eof") this.#peerClosed = true;
    else this.#inbox.push(envelope);
    this.#takeWants();
    this.#serveRemote();
    if (this.#wakers.length > 0) { for (const wake of this.#wakers.drain()) wake(); }
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
      // Only workers' proxies of the peer can send while this thread is busy watching.
      const fromWorkers = this.#peer !== null && this.#peer.#relays.size > 0 && !this.#lastBig;
      if (fromWorkers) this.#watch.watch();
      await wait;
      if (fromWorkers) this.#watch.end();
    }
  }

  #request(request: ProxyRequest & { id: number }): Promise<unknown> {
    this.#checkOpen(this.readable, "receive on");
    if (this.#peerClosed) {
      return Promise.reject(new EOFError("the thread that handed over this end closed it"));
    }
    const id = this.#nextRequest++;
    const published = request.op === "recv" && this.#requests.size === 0 &&
      publishWant(this.#want!, id, request.bytes, request.max);
    const answered = new Promise((resolve, reject) => {
      this.#requests.set(id, { resolve, reject });
      // A proxy keeps its worker alive only while it waits, as a blocking recv would.
      keepAlive(this.#relay!, true);
      this.#relay!.postMessage({ ...request, id, published });
    });
    // A published receive is not rung for: the relay may have answered it long before the
    // request arrives, and a thread watching its bell would stop for a message it skips.
    if (!published) {
      ring(this.#relayBell);
      this.#posted++;
    }
    if (!this.#lastBig) this.#watch.watch();
    return answered;
  }

  #answer(message: RelayMessage): void {
    // After close() the relay counts what is still queued here as lost; so must this end.
    if (this.#closed) return;
    if ("closed" in message) {
      unring(this.#relayBell, this.#posted - message.handled);
      this.#peerClosed = true;
      this.#failRequests(new EOFError("the thread that handed over this end closed it"));
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

  #failRequests(error: EOFError): void {
    for (const { reject } of this.#requests.values()) reject(error);
    this.#requests.clear();
    if (this.#relay !== null) keepAlive(this.#relay, false);
  }

  // The relay: runs in the thread that handed this end over, on its behalf.
  #serve(port: MessagePort): void {
    keepAlive(port, false);
    const link: RelayLink = {
      port,
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
        this.#relays.delete(link);
        unring(link.bell, link.replies - request.handled);
        const others = this.#remote.drain().filter((waiter) => waiter.link !== link);
        this.#remote.unshiftAll(others);
        return port.close();
      }
      if (!(request.op === "recv" && request.published)) {
        handledOne();
        link.fromProxy++;
      }
      this.#takeWants();
      this.#serveRemote();
      if (request.op === "send") {
        // A worker's send cannot be failed back to it; once this end is closed, it is dropped
        // as an OS pipe drops what is written after its reader has gone.
        if (!this.#closed && !(this.#peer !== null && this.#peer.#closed)) {
          this.#forward(request.env);
        }
      } else if (request.op === "recv") {
        const { id, bytes, max } = request;
        // Taken already from what the proxy published.
        if (id <= link.seen) return;
        link.seen = id;
        const waiter = { link, id, bytes, max };
        if (this.#relay !== null) return this.#relayReceive(waiter);
        this.#remote.push(waiter);
        this.#serveRemote();
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
      reply = { id, ok: true, v: await this.poll(timeoutMs) };
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
      const value = waiter.bytes
        ? await this.recvBytes(waiter.max ?? undefined)
        : await this.recv();
      reply = { id: waiter.id, ok: true, v: value };
      if (value instanceof Uint8Array) transfer = [value.buffer as ArrayBuffer];
    } catch (error) {
      reply = { id: waiter.id, ok: false, failure: toFailure(error) };
    }
    sendReply(waiter.link, reply, transfer);
  }

  // What a relay received from its proxy goes on as if this end had sent it.
  #forward(envelope: Envelope): void {
    if (this.#relay === null) this.#deliver(envelope);
    else {this.#postToRelay(
        envelope,
        envelope.t === "bytes" ? [envelope.v.buffer as ArrayBuffer] : [],
      );}
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
  const first = make(true, duplex, null);
  return [first, make(duplex, true, null, null, first)];
}

registerShared("Connection", (state) => {
  const { port, readable, writable, bell } = state as {
    port: MessagePort;
    readable: boolean;
    writable: boolean;
    bell: Int32Array<SharedArrayBuffer>;
  };
  return make(readable, writable, port, bell);
});
