/**
 * A handle of a pipe end in a worker: a proxy that sends and receives through the relay in the
 * thread that handed it over (see `relay.ts`). Its sends take tickets from the end's counter in
 * shared memory, so they keep their order among the end's other handles; its receives and
 * polls are requests the relay answers, except a receive of a small message the relay lent it a
 * copy of, which it claims in shared memory without a trip (see `_lend.ts`).
 *
 * @module
 */
import { BrokenPipeError, EOFError } from "../errors.ts";
import { fromFailure } from "../wire/failure.ts";
import { getCurrent } from "../internal/threads.ts";
import { handledOne, ring, threadDoorbell } from "./doorbell.ts";
import type { Envelope, ProxyRequest, RelayMessage } from "./envelope.ts";
import { publishWant, type WantCells, wantCells } from "./want.ts";
import {
  cannotSend,
  type Cell,
  cell,
  keepAlive,
  POSTED,
  type RemoteReceive,
  type SendCounts,
  TAKEN,
} from "./_connection_parts.ts";
import { takeTicket } from "./_send_order.ts";
import { BIG_MESSAGE_BYTES, End, type ProxyState } from "./_end.ts";
import { replyWhenSettled } from "./relay.ts";
import { LentReceiver } from "./_lent_receive.ts";

interface PendingRequest {
  // This handle's, not one relayed for a proxy passed on from it.
  readonly own: boolean;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/**
 * A proxy of a pipe end, revived in the worker it was handed to.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { LocalEnd } from "./local_end.ts";
 * // Handed over and revived in one thread here; a worker would revive it from the same state.
 * const [left, right] = LocalEnd.pair(true);
 * const proxy = ProxyEnd.revive(left.handOver());
 * left.close();
 * proxy.send("through the relay");
 * assert.equal(await right.recv(false, null), "through the relay");
 * right.send("and back");
 * assert.equal(await proxy.recv(false, null), "and back");
 * proxy.close();
 * right.close();
 * ```
 */
export class ProxyEnd extends End {
  readonly #relayPort: MessagePort;
  // The doorbell of the relay's thread, rung after each post to it.
  readonly #relayBell: Int32Array<SharedArrayBuffer>;
  // This proxy's published receive, which the relay may answer before the request reaches it.
  readonly #want: WantCells = wantCells();
  // Counts of this proxy's sends, which its relay compares with the sends it handled.
  readonly #sends: SendCounts;
  // Receives and polls waiting on the relay.
  readonly #requests = new Map<number, PendingRequest>();
  #nextRequest = 1;
  // Replies handled from the relay, so that it can take back the rings of those lost.
  #repliesHandled = 0;
  // Every handle of the other end closed, as the relay said.
  #peerClosed = false;
  // This handle's receives, answered from copies of small messages the relay lent when it can.
  readonly #receiver: LentReceiver;
  // A proxy passed on from this one claims nothing from the end's inbox: its cell is its own.
  protected readonly inboxTaken: Cell = cell();

  /** The proxy described by `state`, held by this thread from now on. */
  static revive(state: ProxyState): ProxyEnd {
    // This thread holds the proxy now: its death closes the proxy's link.
    Atomics.store(state.holder, 0, getCurrent().pid);
    return new ProxyEnd(state);
  }

  private constructor(state: ProxyState) {
    super(state.readable, state.writable, state.tickets, state.sends);
    this.#relayPort = state.port;
    this.#relayBell = state.bell;
    this.#sends = state.sends;
    this.#receiver = new LentReceiver(state.taken, state.lent, {
      idle: () => this.#requests.size === 0 && !this.ended,
      closed: () => this.closed,
      request: (bytes, max) => this.#request({ op: "recv", id: 0, bytes, max }),
      waitChanged: () => this.#holdPort(),
      took: () => this.lastBig = false,
    });
    this.#relayPort.onmessage = (event) => this.#answer(event.data as RelayMessage);
    keepAlive(this.#relayPort, false);
    const hello = { op: "hello", bell: threadDoorbell(), want: this.#want } as const;
    this.#relayPort.postMessage(hello satisfies ProxyRequest);
  }

  send(value: unknown): void {
    this.sendEnvelope({ t: "data", v: value }, []);
  }

  recv(bytes: boolean, max: number | null): Promise<unknown> {
    return this.#receiver.receive(bytes, max);
  }

  async poll(timeoutMs: number, own = true): Promise<boolean> {
    return await this.#request({ op: "poll", id: 0, timeout: timeoutMs }, own) as boolean;
  }

  beforeRequest(): void {
    // Nothing waits here: a proxy's receives wait at its own relay.
  }

  // A proxy passed on from a worker to another: its receives go one relay further.
  receive(waiter: RemoteReceive): void {
    const request = { op: "recv", id: 0, bytes: waiter.bytes, max: waiter.max } as const;
    replyWhenSettled(waiter.link, waiter.id, this.#request(request, false));
  }

  forward(ticket: number, envelope: Envelope | null): void {
    const transfer = envelope?.t === "bytes" ? [envelope.v.buffer as ArrayBuffer] : [];
    this.#relayPort.postMessage(
      { op: "send", n: ticket, env: envelope } satisfies ProxyRequest,
      transfer,
    );
    ring(this.#relayBell);
  }

  dropped(): void {
    this.endIfUnheld();
  }

  protected sendEnvelope(envelope: Envelope, transfer: Transferable[]): void {
    if (this.#peerClosed) {
      throw new BrokenPipeError("cannot send: every handle of the other end of the pipe closed");
    }
    // Counted before the ticket is taken: a relay that sees every count met knows that no
    // ticket below the counter is still on its way from this proxy.
    Atomics.add(this.#sends, TAKEN, 1);
    const ticket = takeTicket(this.tickets);
    try {
      this.#relayPort.postMessage(
        { op: "send", n: ticket, env: envelope } satisfies ProxyRequest,
        transfer,
      );
    } catch (error) {
      // The ticket is taken: its turn is given up, so later messages do not wait for it.
      this.#relayPort.postMessage({ op: "send", n: ticket, env: null } satisfies ProxyRequest);
      this.#countPosted();
      throw cannotSend(error);
    }
    this.#countPosted();
  }

  // Fails this handle's waiting receives; those relayed for proxies passed on go on.
  protected stopWaits(): void {
    const error = new EOFError("the connection was closed while a receive was waiting");
    this.#receiver.stop(error);
    for (const [id, { own, reject }] of this.#requests) {
      if (!own) continue;
      this.#requests.delete(id);
      reject(error);
    }
    this.#holdPort();
  }

  protected endNow(): void {
    const handled = this.#repliesHandled;
    this.#relayPort.postMessage({ op: "close", handled } satisfies ProxyRequest);
    this.#relayPort.close();
  }

  // Counts a send posted to the relay (after the post: the relay then waits for it).
  #countPosted(): void {
    Atomics.add(this.#sends, POSTED, 1);
    ring(this.#relayBell);
  }

  // A proxy keeps its worker alive only while it waits, as a blocking recv would.
  #holdPort(): void {
    keepAlive(this.#relayPort, this.#requests.size > 0 || this.#receiver.waiting);
  }

  #request(request: ProxyRequest & { id: number }, own = true): Promise<unknown> {
    if (this.ended) return Promise.reject(new EOFError("cannot receive on a closed connection"));
    const id = this.#nextRequest++;
    const published = request.op === "recv" && this.#requests.size === 0 &&
      publishWant(this.#want, id, request.bytes, request.max);
    const answered = new Promise((resolve, reject) => {
      this.#requests.set(id, { own, resolve, reject });
      // A proxy keeps its worker alive only while it waits, as a blocking recv would.
      keepAlive(this.#relayPort, true);
      this.#relayPort.postMessage({ ...request, id, published });
    });
    // A published receive is not rung for: the relay may have answered it long before the
    // request arrives, and a thread watching its bell would stop for a message it skips.
    if (!published) ring(this.#relayBell);
    if (!this.lastBig) this.watch.watch();
    return answered;
  }

  #answer(message: RelayMessage): void {
    // After the end closed the relay counts what is still queued here as lost; so must this end.
    if (this.ended) return;
    if ("peerGone" in message) {
      this.#peerClosed = true;
      return;
    }
    if ("lend" in message) return this.#receiver.add(message.lend);
    handledOne();
    this.#repliesHandled++;
    const pending = this.#requests.get(message.id);
    if (pending === undefined) return;
    this.watch.end();
    this.#requests.delete(message.id);
    this.#holdPort();
    if (message.ok) {
      const value = message.v;
      this.lastBig = value instanceof Uint8Array && value.byteLength >= BIG_MESSAGE_BYTES;
      pending.resolve(value);
    } else pending.reject(fromFailure(message.failure));
  }
}
