/**
 * The pieces of a pipe end that need none of its state: how a relay records its proxies and
 * their waiting receives, how it replies, and the checks and errors of sending and receiving.
 *
 * @module
 */
import { isDead } from "../internal/threads.ts";
import { ring } from "./doorbell.ts";
import type { Envelope, ProxyReply } from "./envelope.ts";
import type { WantCells } from "./want.ts";

/** Int32 cells in shared memory. */
export type Cell = Int32Array<SharedArrayBuffer>;

/** `count` new cells, the first holding `value`. */
export function cell(value = 0, count = 1): Cell {
  const made = new Int32Array(new SharedArrayBuffer(count * Int32Array.BYTES_PER_ELEMENT));
  made[0] = value;
  return made;
}

/**
 * A proxy's send counts, in shared memory so its relay reads them even after the proxy's thread
 * died: [TAKEN] tickets taken, counted before each is taken, and [POSTED] sends posted, counted
 * after each post. A proxy passed on from a proxy counts in its parent's cells.
 */
export type SendCounts = Cell;
export const TAKEN = 0;
export const POSTED = 1;

/** Cells for a new proxy's send counts. */
export function sendCounts(): SendCounts {
  return cell(0, 2);
}

/** How long a dead holder's posted sends may stall (not arrive) before they count as lost. */
const STALLED_MS = 5_000;

/** Deno's MessagePort can be unref'd; a browser's cannot, and needs not be. */
export function keepAlive(port: MessagePort, on: boolean): void {
  const refable = port as MessagePort & { ref?(): void; unref?(): void };
  if (on) refable.ref?.();
  else refable.unref?.();
}

/**
 * A relay's side of one proxy: its port, the doorbell of the proxy's thread, and counts of the
 * rung-for messages each way, to take back the rings of those lost when a port closes. A link
 * is one handle of the end: the end closes once its own handle and every link have.
 */
export interface RelayLink {
  readonly port: MessagePort;
  /**
   * The pid of the thread holding the proxy: the worker the record was sent to, then the one
   * that revived it (0 while unknown). Its death closes the link.
   */
  readonly holder: Cell;
  /** What the proxy (and the proxies passed on from it) sent. */
  readonly sends: SendCounts;
  /** Sends (and stepped-over tickets) handled from the proxy. */
  received: number;
  /** When the last of them was handled, or the holder was first seen dead; 0 before either. */
  lastProgress: number;
  /** Whether the holder was seen dead. */
  seenDead: boolean;
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
  /** Shared with the proxy: the sequence number after the last message lent to it. */
  readonly lent: Cell;
}

/**
 * Whether the link's holder died and nothing more can come of it: every send it posted was
 * handled (one whose ticket it took and never posted, dying in between, is lost, as a write cut
 * short by Python's terminate() is), or its posts stalled for {@linkcode STALLED_MS} (held up in
 * a proxy it passed on that died too). The link then counts as closed.
 */
export function holderGone(link: RelayLink): boolean {
  if (!holderDied(link)) return false;
  // Posted messages wait in the port until handled, however long this thread was busy.
  if (link.received >= Atomics.load(link.sends, POSTED)) return true;
  const now = performance.now();
  if (!link.seenDead) {
    link.seenDead = true;
    link.lastProgress = now;
  }
  return now - link.lastProgress >= STALLED_MS;
}

/** Whether the link's holder is known dead (it may still have sends on their way). */
export function holderDied(link: RelayLink): boolean {
  const pid = Atomics.load(link.holder, 0);
  return pid !== 0 && isDead(pid);
}

/** Whether every ticket the link's proxy took has arrived: none of its sends is on its way. */
export function nothingInFlight(link: RelayLink): boolean {
  return Atomics.load(link.sends, TAKEN) === link.received;
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

/**
 * The end (exclusive) of `sendBytes`'s range, checked as Python's `send_bytes` checks it, with
 * its words: RangeError stands for Python's ValueError.
 */
export function checkByteRange(length: number, offset: number, size: number | undefined): number {
  if (!Number.isInteger(offset)) {
    throw new TypeError(`Connection.sendBytes() expects an integer offset, received ${offset}`);
  }
  if (size !== undefined && !Number.isInteger(size)) {
    throw new TypeError(`Connection.sendBytes() expects an integer size, received ${size}`);
  }
  const where = `(offset ${offset}, size ${size ?? "to the end"}, buffer ${length} bytes)`;
  if (offset < 0) throw new RangeError(`Connection.sendBytes(): offset is negative ${where}`);
  if (length < offset) {
    throw new RangeError(`Connection.sendBytes(): buffer length < offset ${where}`);
  }
  if (size === undefined) return length;
  if (size < 0) throw new RangeError(`Connection.sendBytes(): size is negative ${where}`);
  if (offset + size > length) {
    throw new RangeError(`Connection.sendBytes(): buffer length < offset + size ${where}`);
  }
  return offset + size;
}

/**
 * `poll()`'s timeout in ms: a number; negative acts as 0, as Python's `poll()` returns at once
 * for a negative timeout.
 */
export function timeoutForPoll(timeoutMs: unknown): number {
  if (typeof timeoutMs !== "number") {
    throw new TypeError(
      `Connection.poll() expects a timeout in ms, a number, received ${typeof timeoutMs} ` +
        JSON.stringify(timeoutMs),
    );
  }
  if (Number.isNaN(timeoutMs)) {
    throw new RangeError("Connection.poll() expects a timeout in ms, received NaN");
  }
  return Math.max(0, timeoutMs);
}
