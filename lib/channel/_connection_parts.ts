/**
 * The pieces of `connection.ts` that need none of a Connection's state: how a relay records
 * its proxies and their waiting receives, how it replies, and the checks and errors of sending
 * and receiving.
 *
 * @module
 */
import { ring } from "./doorbell.ts";
import type { Envelope, ProxyReply } from "./envelope.ts";
import type { WantCells } from "./want.ts";

/** Deno's MessagePort can be unref'd; a browser's cannot, and needs not be. */
export function keepAlive(port: MessagePort, on: boolean): void {
  const refable = port as MessagePort & { ref?(): void; unref?(): void };
  if (on) refable.ref?.();
  else refable.unref?.();
}

/**
 * A relay's side of one proxy: its port, the doorbell of the proxy's thread, and counts of the
 * rung-for messages each way, to take back the rings of those lost when a port closes.
 */
export interface RelayLink {
  readonly port: MessagePort;
  bell: Int32Array<SharedArrayBuffer> | null;
  /** The proxy's published receive (see `want.ts`); null until its hello. */
  want: WantCells | null;
  /** The last receive of the proxy taken, by request or as published. */
  seen: number;
  /** Rung-for messages handled from the proxy. */
  fromProxy: number;
  /** Replies posted (and rung for) to the proxy. */
  replies: number;
  /** Set once the relay's end closed: what still arrives is lost, as the proxy was told. */
  closed: boolean;
}

/** A worker's recv() waiting at the relay for the next message of the real end. */
export interface RemoteReceive {
  readonly link: RelayLink;
  readonly id: number;
  readonly bytes: boolean;
  readonly max: number | null;
}

/** Posts a relay's reply to its proxy and rings the proxy's thread. */
export function sendReply(link: RelayLink, reply: ProxyReply, transfer: Transferable[]): void {
  link.port.postMessage(reply, transfer);
  ring(link.bell);
  link.replies++;
}

export function cannotSend(error: unknown): TypeError {
  return new TypeError(
    `Connection.send() cannot send this value: ${(error as Error).message}. Values travel ` +
      "by structured clone: send data, not functions or symbols",
    { cause: error },
  );
}

export function structuredCloneForPipe(value: unknown): unknown {
  try {
    return structuredClone(value);
  } catch (error) {
    throw cannotSend(error);
  }
}

export function checkBytesMessage(head: Envelope, max: number | null): void {
  if (head.t !== "bytes") {
    throw new TypeError(
      "Connection.recvBytes(): the next message was sent with send(); use recv()",
    );
  }
  if (max !== null && head.v.byteLength > max) {
    throw new RangeError(
      `Connection.recvBytes(): the next message has ${head.v.byteLength} bytes, ` +
        `more than maxLength ${max}`,
    );
  }
}
