/**
 * Python's `multiprocessing.Pipe` and `Connection`.
 *
 * Both real ends of a pipe stay in the thread that made it, linked in memory (`local_end.ts`).
 * A connection handed to a worker (as a task or Process argument) is proxied: the worker gets a
 * MessageChannel port to a relay beside the real end (`relay.ts`), which sends and receives on
 * its behalf (`proxy_end.ts`). So the handing side keeps its connection, any number of workers
 * may use it, one after another or at once, as Python's processes share a pipe's file
 * descriptor, and a message crosses between threads once per hop, as on a bare MessageChannel.
 *
 * Each handle is its holder's own, as a duplicated descriptor is in Python: closing one closes
 * only it, and an end closes (its peer reads EOF, or sends to it break) once its real handle and
 * every proxy are closed, a proxy counting as closed once its worker died. Sends from all
 * handles keep the order they happened in (see `_send_order.ts`).
 *
 * @module
 */
import { refuseLossy } from "../wire/_lossy_value.ts";
import { EOFError } from "../errors.ts";
import {
  noteSharedObject,
  registerShared,
  releaseAfterTask,
  type SharedRecord,
  toShared,
} from "../wire/codec.ts";
import { checkByteRange, timeoutForPoll } from "./_connection_parts.ts";
import { End, type ProxyState } from "./_end.ts";
import { LocalEnd } from "./local_end.ts";
import { ProxyEnd } from "./proxy_end.ts";
import { guardPythonNames } from "../internal/python_names.ts";

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
  static {
    // A proxy arrives in a worker as the record [toShared] made.
    registerShared("Connection", (state) => Connection.#revive(state as ProxyState));
  }

  /** Whether this end may receive. */
  readonly readable: boolean;
  /** Whether this end may send. */
  readonly writable: boolean;
  // A local end or a proxy of one, chosen once: every step that differs is its.
  readonly #end: End;

  /**
   * Connections come from {@linkcode Pipe}; this constructor is not for users (its end is an
   * internal type), so the API docs leave it out.
   *
   * @ignore
   */
  constructor(end?: End) {
    if (!(end instanceof End)) throw new TypeError("Connection is made by Pipe(), not with new");
    this.#end = end;
    ({ readable: this.readable, writable: this.writable } = end);
    noteSharedObject();
  }

  /** Sends a structured-cloneable value to the other end. */
  send(value: unknown): void {
    refuseLossy(value, "Connection.send()");
    this.#end.checkOpen(this.writable, "send on");
    this.#end.send(value);
  }

  /**
   * Sends bytes (copied: later changes to `data` do not travel), Python's `send_bytes`: `size`
   * bytes from byte `offset` of `data` (default: to its end).
   *
   * @throws {RangeError} if `offset` or `size` is negative or reaches past the buffer, with
   * Python's words ("offset is negative", "buffer length < offset + size"…).
   */
  sendBytes(data: ArrayBuffer | ArrayBufferView, offset = 0, size?: number): void {
    this.#end.checkOpen(this.writable, "send on");
    const bytes = data instanceof ArrayBuffer
      ? new Uint8Array(data)
      : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    const end = checkByteRange(bytes.byteLength, offset, size);
    this.#end.sendBytes(bytes.slice(offset, end));
  }

  /** The next value; throws `EOFError` once the other end closed and nothing is left. */
  async recv(): Promise<unknown> {
    this.#end.checkOpen(this.readable, "receive on");
    return await this.#end.recv(false, null);
  }

  /** The next message sent with `sendBytes`; `maxLength` caps its size (RangeError if longer). */
  async recvBytes(maxLength?: number): Promise<Uint8Array> {
    this.#end.checkOpen(this.readable, "receive on");
    return await this.#end.recv(true, maxLength ?? null) as Uint8Array;
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
    this.#end.checkOpen(this.readable, "receive on");
    return await this.#end.poll(timeout);
  }

  /**
   * Closes this handle. Other handles of this end (proxies of it in workers) stay open; once all
   * are closed, or died with their workers, the other end's `recv()` ends with `EOFError` after
   * it has read the rest, and its `send()` throws `BrokenPipeError`.
   */
  close(): void {
    this.#end.close();
  }

  /** Whether `close()` was called on this handle. */
  get closed(): boolean {
    return this.#end.closed;
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

  /**
   * @internal Hands a proxy of this end to a worker; see `wire/codec.ts`.
   * @ignore
   */
  [toShared](): SharedRecord {
    if (this.#end.closed) throw new EOFError("a closed connection cannot be passed to a worker");
    const state = this.#end.handOver();
    return { kind: "Connection", state, transfer: [state.port] };
  }

  static #revive(state: ProxyState): Connection {
    const proxy = new Connection(ProxyEnd.revive(state));
    // A task's argument is its own handle, closed when the task ends, as Python's is.
    releaseAfterTask(() => proxy.close());
    return proxy;
  }
}

// Python's spellings throw, naming ours (lib/internal/python_names.ts).
guardPythonNames(Connection, { send_bytes: "sendBytes", recv_bytes: "recvBytes" });

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
  const [first, second] = LocalEnd.pair(duplex);
  return [new Connection(first), new Connection(second)];
}
