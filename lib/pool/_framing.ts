/**
 * Length-prefixed frames of `node:v8` serialization: how a pool and its child processes talk
 * over stdio. A frame is a 4-byte little-endian length and that many bytes of
 * `v8.serialize(message)`.
 *
 * @module
 */
import { deserialize, serialize } from "node:v8";

const HEADER_BYTES = 4;

/** One message as a frame. Throws what `v8.serialize` throws for values it cannot write. */
export function encodeFrame(message: unknown): Uint8Array {
  const body = serialize(message);
  const frame = new Uint8Array(HEADER_BYTES + body.byteLength);
  new DataView(frame.buffer).setUint32(0, body.byteLength, true);
  frame.set(body, HEADER_BYTES);
  return frame;
}

/** Cuts a byte stream into messages, however its chunks fall. */
export class FrameReader {
  #buffer = new Uint8Array(0);
  #length = 0;

  /** Adds a chunk; returns the messages it completed. */
  push(chunk: Uint8Array): unknown[] {
    this.#append(chunk);
    const messages: unknown[] = [];
    let offset = 0;
    while (this.#length - offset >= HEADER_BYTES) {
      const view = new DataView(this.#buffer.buffer, this.#buffer.byteOffset + offset);
      const size = view.getUint32(0, true);
      if (this.#length - offset < HEADER_BYTES + size) break;
      const start = offset + HEADER_BYTES;
      messages.push(deserialize(this.#buffer.subarray(start, start + size)));
      offset = start + size;
    }
    if (offset > 0) {
      this.#buffer.copyWithin(0, offset, this.#length);
      this.#length -= offset;
    }
    return messages;
  }

  /** Bytes of an incomplete frame still waiting for the rest. */
  get pending(): number {
    return this.#length;
  }

  #append(chunk: Uint8Array): void {
    if (this.#length + chunk.byteLength > this.#buffer.byteLength) {
      const grown = new Uint8Array(
        Math.max(2 * this.#buffer.byteLength, this.#length + chunk.byteLength, 4096),
      );
      grown.set(this.#buffer.subarray(0, this.#length));
      this.#buffer = grown;
    }
    this.#buffer.set(chunk, this.#length);
    this.#length += chunk.byteLength;
  }
}
