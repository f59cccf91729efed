/**
 * Length-prefixed frames of `node:v8` serialization: how a pool and its child processes talk
 * over their private socket. A frame is a 4-byte little-endian length and that many bytes of
 * `v8.serialize(message)`.
 *
 * A reader never trusts a length: it keeps only the bytes that have arrived, and a frame
 * announcing more than {@linkcode MAX_FRAME_BYTES}, or bytes that do not deserialize, is a
 * {@linkcode FrameError}, so that a broken or hostile peer cannot make its reader buffer without
 * bound.
 *
 * @module
 */
import { deserialize, serialize } from "./_node_v8.ts";

const HEADER_BYTES = 4;

/**
 * The largest frame body either side accepts (256 MiB). Larger messages are refused by
 * {@linkcode encodeFrame} before they are sent, and a frame announcing more is a
 * {@linkcode FrameError} for its reader.
 */
export const MAX_FRAME_BYTES = 256 * 1024 * 1024;

/** A peer sent bytes that are not a frame this side can accept. */
export class FrameError extends Error {
  /** Names the error for logs and `instanceof`-free checks. */
  override name = "FrameError";
  /** The messages of the same chunk that came before the bad frame, to be handled first. */
  readonly before: readonly unknown[];

  /** `before`: the good messages that preceded the bad frame. */
  constructor(message: string, before: readonly unknown[]) {
    super(message);
    this.before = before;
  }
}

/**
 * One message as a frame. Throws what `v8.serialize` throws for values it cannot write, and a
 * `RangeError` for a message whose serialization exceeds {@linkcode MAX_FRAME_BYTES}.
 */
export function encodeFrame(message: unknown): Uint8Array {
  const body = serialize(message);
  if (body.byteLength > MAX_FRAME_BYTES) {
    throw new RangeError(
      `a message between a pool and its child process may take at most ${MAX_FRAME_BYTES} ` +
        `bytes serialized, this one takes ${body.byteLength}: send smaller pieces (e.g. a ` +
        "smaller chunksize, or data read from a file inside the task)",
    );
  }
  const frame = new Uint8Array(HEADER_BYTES + body.byteLength);
  new DataView(frame.buffer).setUint32(0, body.byteLength, true);
  frame.set(body, HEADER_BYTES);
  return frame;
}

/** Cuts a byte stream into messages, however its chunks fall. */
export class FrameReader {
  #buffer = new Uint8Array(0);
  #length = 0;

  /**
   * Adds a chunk; returns the messages it completed. Throws a {@linkcode FrameError} (holding
   * the chunk's messages before the bad frame) when a frame announces more than
   * {@linkcode MAX_FRAME_BYTES} or does not deserialize; the stream cannot be read further.
   */
  push(chunk: Uint8Array): unknown[] {
    const messages: unknown[] = [];
    this.#cut(chunk, messages, (frame) => {
      messages.push(deserializeFrame(frame.subarray(HEADER_BYTES), messages));
    });
    return messages;
  }

  /**
   * Adds a chunk; returns the frames it completed, header included, each a copy, without
   * deserializing them (for a relay that looks into only some frames). Throws a
   * {@linkcode FrameError} when a frame announces more than {@linkcode MAX_FRAME_BYTES}.
   */
  pushFrames(chunk: Uint8Array): Uint8Array[] {
    const frames: Uint8Array[] = [];
    this.#cut(chunk, [], (frame) => frames.push(frame.slice()));
    return frames;
  }

  // Appends `chunk`, hands each complete frame (a view, header included) to `take`, and keeps
  // the incomplete rest; `before` goes into a FrameError as what preceded the bad frame.
  #cut(chunk: Uint8Array, before: readonly unknown[], take: (frame: Uint8Array) => void): void {
    let offset = 0;
    this.#append(chunk);
    while (this.#length - offset >= HEADER_BYTES) {
      const view = new DataView(this.#buffer.buffer, this.#buffer.byteOffset + offset);
      const size = view.getUint32(0, true);
      if (size > MAX_FRAME_BYTES) {
        throw new FrameError(
          `a frame announced ${size} bytes, more than the limit of ${MAX_FRAME_BYTES}`,
          before,
        );
      }
      if (this.#length - offset < HEADER_BYTES + size) break;
      take(this.#buffer.subarray(offset, offset + HEADER_BYTES + size));
      offset += HEADER_BYTES + size;
    }
    if (offset > 0) {
      this.#buffer.copyWithin(0, offset, this.#length);
      this.#length -= offset;
    }
  }

  /** Bytes of an incomplete frame still waiting for the rest. */
  get pending(): number {
    return this.#length;
  }

  #append(chunk: Uint8Array): void {
    if (this.#length + chunk.byteLength > this.#buffer.byteLength) {
      // Grows with the bytes that arrived, never with what a header announces.
      const doubled = Math.min(2 * this.#buffer.byteLength, HEADER_BYTES + MAX_FRAME_BYTES);
      const grown = new Uint8Array(Math.max(doubled, this.#length + chunk.byteLength, 4096));
      grown.set(this.#buffer.subarray(0, this.#length));
      this.#buffer = grown;
    }
    this.#buffer.set(chunk, this.#length);
    this.#length += chunk.byteLength;
  }
}

function deserializeFrame(body: Uint8Array, before: readonly unknown[]): unknown {
  try {
    return deserialize(body);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new FrameError(
      `a frame of ${body.byteLength} bytes does not deserialize: ${reason}`,
      before,
    );
  }
}
