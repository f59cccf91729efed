/**
 * What a pool child's main thread and its I/O thread (`_child_io.ts`) share: the layout of
 * their control block and the I/O thread's first message.
 *
 * @module
 */

/** Positions in the child's control block (an `Int32Array` over a SharedArrayBuffer). */
export const ChildControl = {
  /** Units the main thread has started. */
  Started: 0,
  /** Frames from the main thread written to the socket. */
  Written: 1,
  /** Int32 slots in the block. */
  Size: 2,
} as const;

/** First message from the main thread: where to connect, and the control block. */
export interface ChildIoInit {
  readonly socketPath: string;
  readonly control: SharedArrayBuffer;
}
