/**
 * What a pool child's main thread and its I/O thread (`_child_io.ts`) share: the layout of
 * their control block and the I/O thread's first message.
 *
 * @module
 */
import { MAX_UNANSWERED } from "./control_block.ts";

/** Positions in the child's control block (an `Int32Array` over a SharedArrayBuffer). */
export const ChildControl = {
  /** Units the main thread has passed: started, or skipped because they were taken back. */
  Started: 0,
  /** Frames from the main thread written to the socket. */
  Written: 1,
  /**
   * First of {@linkcode MAX_UNANSWERED} claim words (`claimWord` in `control_block.ts`): the main
   * thread claims each unit before it runs it, the I/O thread takes units back for the parent.
   */
  Claims: 2,
  /** Int32 slots in the block. */
  Size: 2 + MAX_UNANSWERED,
} as const;

/** First message from the main thread: where to connect, and the control block. */
export interface ChildIoInit {
  readonly socketPath: string;
  readonly control: SharedArrayBuffer;
}
