/**
 * What travels through a pipe's MessageChannel: messages and end-of-stream between the two ends,
 * and the requests a proxied connection (one handed to a worker) makes to its relay.
 *
 * @module
 */
import type { Failure } from "../wire/failure.ts";

/** One item on the channel between the two ends of a pipe. */
export type Envelope =
  | { readonly t: "data"; readonly v: unknown }
  | { readonly t: "bytes"; readonly v: Uint8Array }
  | { readonly t: "eof" };

/**
 * What a proxied connection asks of the relay in the thread that handed it over. `hello`
 * (first, once) gives the relay the doorbell of the proxy's thread (see `doorbell.ts`) and the
 * cells where the proxy publishes its receives (see `want.ts`).
 */
export type ProxyRequest =
  /**
   * `n`: the send's ticket (see `_send_order.ts`); `env` null for a ticket whose value could
   * not be sent, which the receiver steps over.
   */
  | { readonly op: "send"; readonly n: number; readonly env: Envelope | null }
  | {
    readonly op: "recv";
    readonly id: number;
    readonly bytes: boolean;
    readonly max: number | null;
    /** Published in shared memory too (see `want.ts`), and so not rung for. */
    readonly published?: boolean;
  }
  | { readonly op: "poll"; readonly id: number; readonly timeout: number }
  | {
    readonly op: "hello";
    readonly bell: Int32Array<SharedArrayBuffer>;
    readonly want: Int32Array<SharedArrayBuffer>;
  }
  /**
   * The proxy's handle, and every proxy passed on from it, closed. `handled`: replies the proxy
   * took, so the relay can take back the rings of lost ones.
   */
  | { readonly op: "close"; readonly handled: number };

/** The relay's answer to a `recv` or `poll` request. */
export type ProxyReply =
  | { readonly id: number; readonly ok: true; readonly v: unknown }
  | { readonly id: number; readonly ok: false; readonly failure: Failure };

/**
 * What a proxy hears from its relay: an answer; that every handle of the other end of the pipe
 * closed (its sends then throw `BrokenPipeError`; its receives still get what is left); or copies
 * of small messages queued for the end, `[sequence number, value]`, which it may claim (see
 * `_lend.ts`).
 */
export type RelayMessage =
  | ProxyReply
  | { readonly peerGone: true }
  | { readonly lend: readonly (readonly [number, unknown])[] };
