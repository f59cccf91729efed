/**
 * Writes a pool child's frames to its socket in order, each whole, with `Deno.Conn.write`
 * rather than the connection's `writable` stream: a write to a stream whose peer has gone fails
 * and closes the connection (Deno 2.9's resource-backed streams do), which cancels the pending
 * read and drops the frames the child sent before it exited, still unread in the socket (its
 * last results, the `died` frame after `close()`). Its calls were then reported as killed by a
 * crash. Here a failed write only stops later writes; reading goes on to the end. Frames written
 * before the child has connected wait for its connection.
 *
 * @module
 */

/** Ordered, whole-frame writes to one connection that never close it. */
export class FrameWriter {
  #connection: Deno.Conn | null = null;
  #tail: Promise<void>;
  #broken = false;

  /** Writes on `connection` once it is made; if it never is, every frame is dropped. */
  constructor(connection: Promise<Deno.Conn>) {
    this.#tail = connection.then((made) => {
      this.#connection = made;
    }, () => {
      // The child ended (or was stopped) before it connected: its end is reported elsewhere.
      this.#broken = true;
    });
  }

  /** Queues `frame` after those written before; a failure (the peer is gone) is ignored. */
  write(frame: Uint8Array): void {
    this.#tail = this.#tail.then(() => this.#writeAll(frame));
  }

  async #writeAll(frame: Uint8Array): Promise<void> {
    if (this.#broken) return;
    try {
      let offset = 0;
      while (offset < frame.byteLength) {
        offset += await this.#connection!.write(frame.subarray(offset));
      }
    } catch {
      // The child has exited (its death is reported by the parent's read and its status).
      this.#broken = true;
    }
  }
}
