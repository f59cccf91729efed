/**
 * Python's `multiprocessing.Pipe` and `Connection`, on MessageChannel.
 *
 * A connection handed to a worker (as a task or Process argument) is proxied: the worker gets a
 * new port to a relay in the handing thread, which sends and receives on the real end. So the
 * handing side keeps its connection, and any number of workers may use it, one after another or
 * at once, as Python's processes share a pipe's file descriptor.
 *
 * @module
 */
import { EOFError } from "../errors.ts";
import { fromFailure, toFailure } from "../pool/failure.ts";
import { Deque } from "../pool/deque.ts";
import {
  noteSharedObject,
  registerShared,
  type SharedRecord,
  toShared,
} from "../shared/transport.ts";
import type { Envelope, ProxyReply, ProxyRequest } from "./envelope.ts";

interface Making {
  readonly port: MessagePort;
  readonly readable: boolean;
  readonly writable: boolean;
  readonly proxied: boolean;
}

let making: Making | null = null;

/** Deno's MessagePort can be unref'd; a browser's cannot, and needs not be. */
function keepAlive(port: MessagePort, on: boolean): void {
  const refable = port as MessagePort & { ref?(): void; unref?(): void };
  if (on) refable.ref?.();
  else refable.unref?.();
}

function make(port: MessagePort, readable: boolean, writable: boolean, proxied: boolean) {
  making = { port, readable, writable, proxied };
  return new Connection();
}

/**
 * One end of a {@linkcode Pipe}. `send`/`recv` carry any structured-cloneable value;
 * `sendBytes`/`recvBytes` carry bytes. Receiving after the other end closed (and everything it
 * sent was received) throws {@linkcode EOFError}, never hangs.
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
  readonly #port: MessagePort;
  readonly #proxied: boolean;
  readonly #inbox = new Deque<Envelope>();
  readonly #wakers = new Deque<() => void>();
  readonly #requests = new Map<number, { resolve(v: unknown): void; reject(e: unknown): void }>();
  // Relays serving proxies of this end in workers; closed with it, since a worker that ends
  // never says goodbye.
  readonly #relays = new Set<MessagePort>();
  #nextRequest = 1;
  #peerClosed = false;
  #closed = false;

  /** Connections come from {@linkcode Pipe}; this constructor is not for users. */
  constructor() {
    if (making === null) throw new TypeError("Connection is made by Pipe(), not with new");
    ({ port: this.#port, readable: this.readable, writable: this.writable } = making);
    this.#proxied = making.proxied;
    making = null;
    this.#port.onmessage = (event) =>
      this.#proxied ? this.#answer(event.data as ProxyReply) : this.#arrive(event.data as Envelope);
    this.#updateRef();
    noteSharedObject();
  }

  /** Sends a structured-cloneable value to the other end. */
  send(value: unknown): void {
    this.#post({ t: "data", v: value }, []);
  }

  /** Sends bytes (copied: later changes to `data` do not travel), Python's `send_bytes`. */
  sendBytes(data: ArrayBuffer | ArrayBufferView, offset = 0, size?: number): void {
    const bytes = data instanceof ArrayBuffer
      ? new Uint8Array(data)
      : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    const copy = bytes.slice(offset, size === undefined ? undefined : offset + size);
    this.#post({ t: "bytes", v: copy }, [copy.buffer]);
  }

  /** The next value; throws `EOFError` once the other end closed and nothing is left. */
  async recv(): Promise<unknown> {
    if (this.#proxied) return await this.#request({ op: "recv", id: 0, bytes: false, max: null });
    const envelope = await this.#next(false, null);
    return envelope.t === "eof" ? undefined : envelope.v;
  }

  /** The next message sent with `sendBytes`; `maxLength` caps its size (RangeError if longer). */
  async recvBytes(maxLength?: number): Promise<Uint8Array> {
    if (this.#proxied) {
      return await this.#request({
        op: "recv",
        id: 0,
        bytes: true,
        max: maxLength ?? null,
      }) as Uint8Array;
    }
    return (await this.#next(true, maxLength ?? null) as { v: Uint8Array }).v;
  }

  /**
   * Whether a message (or the end of the stream) is ready to receive. Without a timeout it
   * answers at once, as Python's `poll()`; `Infinity` waits until one is.
   */
  async poll(timeoutMs = 0): Promise<boolean> {
    if (typeof timeoutMs !== "number" || Number.isNaN(timeoutMs) || timeoutMs < 0) {
      throw new RangeError(`Connection.poll() expects a timeout in ms >= 0, received ${timeoutMs}`);
    }
    this.#checkOpen(this.readable, "receive on");
    if (this.#proxied) {
      return await this.#request({ op: "poll", id: 0, timeout: timeoutMs }) as boolean;
    }
    const ready = () => this.#inbox.length > 0 || this.#peerClosed || this.#closed;
    if (ready() || timeoutMs === 0) return ready();
    let timer: ReturnType<typeof setTimeout> | undefined;
    await new Promise<void>((resolve) => {
      this.#waitForArrival(resolve);
      if (Number.isFinite(timeoutMs)) timer = setTimeout(resolve, timeoutMs);
    });
    clearTimeout(timer);
    return ready();
  }

  /** Closes this end; the other end's `recv()` ends with `EOFError` once it has read the rest. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#port.postMessage(this.#proxied ? { op: "close" } satisfies ProxyRequest : { t: "eof" });
    this.#port.close();
    for (const relay of this.#relays) relay.close();
    this.#relays.clear();
    for (const wake of this.#wakers.drain()) wake();
    const error = new EOFError("the connection was closed while a receive was waiting");
    for (const { reject } of this.#requests.values()) reject(error);
    this.#requests.clear();
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
      state: { port: remote, readable: this.readable, writable: this.writable },
      transfer: [remote],
    };
  }

  #post(envelope: Envelope, transfer: Transferable[]): void {
    this.#checkOpen(this.writable, "send on");
    const message = this.#proxied ? { op: "send", env: envelope } satisfies ProxyRequest : envelope;
    try {
      this.#port.postMessage(message, transfer);
    } catch (error) {
      throw new TypeError(
        `Connection.send() cannot send this value: ${(error as Error).message}. Values travel ` +
          "by structured clone: send data, not functions or symbols",
        { cause: error },
      );
    }
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
    for (const wake of this.#wakers.drain()) wake();
    this.#updateRef();
  }

  #waitForArrival(wake: () => void): void {
    this.#wakers.push(wake);
    this.#updateRef();
  }

  // A pipe keeps the process alive only while someone waits on it, as a blocking recv would.
  #updateRef(): void {
    keepAlive(this.#port, this.#wakers.length > 0 || this.#requests.size > 0);
  }

  async #next(bytes: boolean, max: number | null): Promise<Envelope> {
    for (;;) {
      this.#checkOpen(this.readable, "receive on");
      const head = this.#inbox.peek();
      if (head !== undefined) {
        if (bytes && head.t !== "bytes") {
          throw new TypeError(
            "Connection.recvBytes(): the next message was sent with send(); use recv()",
          );
        }
        if (bytes && max !== null && (head as { v: Uint8Array }).v.byteLength > max) {
          throw new RangeError(
            `Connection.recvBytes(): the next message has ${
              (head as { v: Uint8Array }).v.byteLength
            } ` +
              `bytes, more than maxLength ${max}`,
          );
        }
        return this.#inbox.shift()!;
      }
      if (this.#peerClosed) throw new EOFError("the other end of the pipe was closed");
      await new Promise<void>((resolve) => this.#waitForArrival(resolve));
    }
  }

  #request(request: ProxyRequest & { id: number }): Promise<unknown> {
    this.#checkOpen(this.readable, "receive on");
    const id = this.#nextRequest++;
    return new Promise((resolve, reject) => {
      this.#requests.set(id, { resolve, reject });
      this.#updateRef();
      this.#port.postMessage({ ...request, id });
    });
  }

  #answer(reply: ProxyReply): void {
    const pending = this.#requests.get(reply.id);
    if (pending === undefined) return;
    this.#requests.delete(reply.id);
    this.#updateRef();
    if (reply.ok) pending.resolve(reply.v);
    else pending.reject(fromFailure(reply.failure));
  }

  // The relay: runs in the thread that handed this end over, on its behalf.
  #serve(relay: MessagePort): void {
    keepAlive(relay, false);
    this.#relays.add(relay);
    relay.onmessage = async (event) => {
      const request = event.data as ProxyRequest;
      if (request.op === "close") {
        this.#relays.delete(relay);
        return relay.close();
      }
      if (request.op === "send") {
        const envelope = request.env;
        if (!this.#closed) {
          this.#port.postMessage(
            envelope,
            envelope.t === "bytes" ? [envelope.v.buffer as ArrayBuffer] : [],
          );
        }
        return;
      }
      try {
        const value = request.op === "poll"
          ? await this.poll(request.timeout)
          : request.bytes
          ? await this.recvBytes(request.max ?? undefined)
          : await this.recv();
        // Received bytes belong to this reply alone: move them rather than copy a second time.
        const transfer = value instanceof Uint8Array ? [value.buffer as ArrayBuffer] : [];
        relay.postMessage({ id: request.id, ok: true, v: value } satisfies ProxyReply, transfer);
      } catch (error) {
        relay.postMessage(
          { id: request.id, ok: false, failure: toFailure(error) } satisfies ProxyReply,
        );
      }
    };
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
  const { port1, port2 } = new MessageChannel();
  return [make(port1, true, duplex, false), make(port2, duplex, true, false)];
}

registerShared("Connection", (state) => {
  const { port, readable, writable } = state as {
    port: MessagePort;
    readable: boolean;
    writable: boolean;
  };
  return make(port, readable, writable, true);
});
