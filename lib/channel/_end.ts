/**
 * What both kinds of pipe end share: the local end (in the thread that made the pipe) and the
 * proxy (a handle of an end, in a worker). A `Connection` holds one of them, chosen when it is
 * made, and leaves every step that differs to it.
 *
 * @module
 */
import { EOFError } from "../errors.ts";
import { encodingTarget } from "../wire/codec.ts";
import { BellWatch, threadDoorbell } from "./doorbell.ts";
import type { Envelope } from "./envelope.ts";
import { Relay, type RelayHost } from "./relay.ts";
import {
  type Cell,
  cell,
  type RemoteReceive,
  type SendCounts,
  sendCounts,
} from "./_connection_parts.ts";
import type { TicketCells } from "./_send_order.ts";

/** What a proxy is revived from in its worker: its port to the relay and the cells it shares. */
export interface ProxyState {
  readonly port: MessagePort;
  readonly readable: boolean;
  readonly writable: boolean;
  /** The doorbell of the relay's thread, rung after each post to it. */
  readonly bell: Int32Array<SharedArrayBuffer>;
  /** The ticket counter of the end's sends, shared by all its handles. */
  readonly tickets: TicketCells;
  readonly sends: SendCounts;
  /** The pid of the thread holding the proxy (see `RelayLink.holder`). */
  readonly holder: Cell;
  /** The end's count of messages taken, and how far the relay lent to this proxy (`_lend.ts`). */
  readonly taken: Cell;
  readonly lent: Cell;
}

/** Receiving a message this big turns off the doorbell watch of the next receive. */
export const BIG_MESSAGE_BYTES = 64 * 1024;

/**
 * One handle of a pipe end, in the role it was made for. Its relay serves the proxies handed on
 * from it, so a proxy can be passed on again.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { LocalEnd } from "./local_end.ts";
 * const [left, right]: End[] = LocalEnd.pair(true);
 * left.send("hi");
 * assert.equal(await right.recv(false, null), "hi");
 * left.close();
 * assert.equal(left.closed, true);
 * right.close();
 * ```
 */
export abstract class End implements RelayHost {
  /** Whether this end may receive. */
  readonly readable: boolean;
  /** Whether this end may send. */
  readonly writable: boolean;
  /** The ticket counter of this end's sends (shared by all its handles). */
  protected readonly tickets: TicketCells;
  // A proxy's send counts, which a proxy passed on from it counts in too; null on a local end.
  readonly #sends: SendCounts | null;
  /** Serves the proxies of this handle in workers: each link is a handle of the end. */
  protected readonly relay: Relay = new Relay(this);
  protected readonly watch: BellWatch = new BellWatch();
  /**
   * Whether the last message this end received, or sent with sendBytes, was big: the peer is
   * then likely busy copying the next, and a watch of the bell would take a core from that
   * copy (and from the collector's background threads that free the big buffers).
   */
  protected lastBig = false;
  #closed = false;
  /** This handle and every link closed: the end is gone (a proxy's relay was told). */
  protected ended = false;

  constructor(
    readable: boolean,
    writable: boolean,
    tickets: TicketCells,
    sends: SendCounts | null,
  ) {
    this.readable = readable;
    this.writable = writable;
    this.tickets = tickets;
    this.#sends = sends;
  }

  /** Whether `close()` was called on this handle. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Sends a value, checked already (open, writable, not lossy). */
  abstract send(value: unknown): void;

  /** The next message: a value, or with `bytes` one sent with sendBytes (up to `max` bytes). */
  abstract recv(bytes: boolean, max: number | null): Promise<unknown>;

  /** poll() past its checks; `own`: this handle's poll, which its close() ends. */
  abstract poll(timeoutMs: number, own?: boolean): Promise<boolean>;

  /** Sends bytes the caller copied; checked already. */
  sendBytes(copy: Uint8Array<ArrayBuffer>): void {
    this.lastBig = copy.byteLength >= BIG_MESSAGE_BYTES;
    this.sendEnvelope({ t: "bytes", v: copy }, [copy.buffer]);
  }

  /** Closes this handle; the end closes once every link has closed too. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.stopWaits();
    this.relay.refresh();
    this.endIfUnheld();
  }

  /** A new proxy of this end for a worker, served by this handle's relay from now on. */
  handOver(): ProxyState {
    const { port1: served, port2: port } = new MessageChannel();
    // A proxy passed on from a proxy counts its sends in its parent's cells: the real end sees
    // only the parent's link.
    const sends = this.#sends ?? sendCounts();
    const holder = cell(encodingTarget());
    const lent = cell();
    this.relay.serve(served, { holder, sends, lent });
    const { readable, writable, tickets } = this;
    const bell = threadDoorbell();
    return { port, readable, writable, bell, tickets, sends, holder, taken: this.inboxTaken, lent };
  }

  /** Throws if this handle is closed, or `allowed` is false (the end's direction forbids it). */
  checkOpen(allowed: boolean, what: string): void {
    if (this.#closed) throw new EOFError(`cannot ${what} a closed connection`);
    if (!allowed) {
      throw new TypeError(
        `cannot ${what} this connection: Pipe(false) gives a receive-only end and a send-only end`,
      );
    }
  }

  /** The count of messages taken from the end's inbox that proxies of it claim with. */
  protected abstract readonly inboxTaken: Cell;

  abstract beforeRequest(): void;
  abstract receive(waiter: RemoteReceive): void;
  abstract forward(ticket: number, envelope: Envelope | null): void;
  abstract dropped(): void;

  /** Sends what send() or sendBytes() made of their argument. */
  protected abstract sendEnvelope(envelope: Envelope, transfer: Transferable[]): void;

  /** Ends this handle's own waits, as its close() must. */
  protected abstract stopWaits(): void;

  /** The end closed: tells the other side. */
  protected abstract endNow(): void;

  /** Closes the end once no handle holds it: this one closed and every link closed or died. */
  protected endIfUnheld(): void {
    if (this.ended || !this.#closed || this.relay.size > 0) return;
    this.ended = true;
    this.endNow();
  }
}
