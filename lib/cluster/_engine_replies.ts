/**
 * The pool's reply loop: reads the pool's reply stream with a blocking read while entries wait
 * for replies, hands each reply over in order, and, when the broker stops answering for the
 * cluster's `visibility`, gives up on the waiting entries with an error naming the (masked) URL.
 *
 * It trims what it has read (every {@linkcode TRIM_EVERY} replies, and whenever nothing is left
 * to wait for), so a long-lived pool's reply stream holds only replies not read yet.
 *
 * @module
 */
import type { Broker } from "./broker.ts";
import { maskUrl } from "./_mask_url.ts";
import { BodyType, deserializeSection, readBody } from "./_wire_frame.ts";
import { checkReplyFields } from "./_wire_reply_fields.ts";

export { maskUrl };

/** How long one blocking read of the reply stream waits. */
const BLOCK_MS = 1000;
/** How long to wait before reading again after a failed read. */
const RETRY_MS = 100;
/** How many replies may be read before they are trimmed (while more are awaited). */
export const TRIM_EVERY = 256;

/** What the loop reads from and reports to. */
export interface ReplyLoopOptions {
  readonly pool: string;
  /** How long the broker may fail to answer before the waiting entries are given up (ms). */
  readonly visibility: number;
  readonly url: string;
  readonly broker: () => Promise<Broker>;
  /** Whether some entry waits for a reply (the loop runs only then). */
  readonly waiting: () => boolean;
  readonly settle: (body: Uint8Array) => Promise<void>;
  /** The broker did not answer for `visibility`: reject what waits with `error`. */
  readonly lost: (error: Error) => void;
}

/**
 * The error calls get when the broker at `url` failed (`what` happened), with the broker's
 * error as `cause`.
 */
export function connectionLost(url: string, error: unknown, what: string): Error {
  const reason = error instanceof Error ? error.message : String(error);
  return new Error(
    `the cluster's Redis at ${maskUrl(url)} ${what}: ${reason}. The call was not answered ` +
      "(it may or may not have run on a worker); check that the server runs and is reachable",
    { cause: error },
  );
}

/** Reads replies while entries wait; see the module documentation. */
export class ReplyLoop {
  readonly #options: ReplyLoopOptions;
  #running = false;
  #stopped = false;
  #after = "0";
  #done: Promise<void> = Promise.resolve();
  #lostTimer: ReturnType<typeof setTimeout> | undefined;
  #lastError: unknown = null;
  #readSinceTrim = 0;

  constructor(options: ReplyLoopOptions) {
    this.#options = options;
  }

  /** Starts reading if it is not already (an entry was enqueued). */
  wake(): void {
    if (this.#running || this.#stopped) return;
    this.#running = true;
    this.#done = this.#run();
  }

  /** Reads no more; the read under way ends when the connection closes. */
  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#lostTimer);
    this.#lostTimer = undefined;
  }

  /** Resolves once the loop has ended. */
  stopped(): Promise<void> {
    return this.#done;
  }

  async #run(): Promise<void> {
    try {
      while (!this.#stopped && this.#options.waiting()) {
        const started = Date.now();
        let replies;
        try {
          const broker = await this.#options.broker();
          replies = await broker.replies(this.#options.pool, this.#after, BLOCK_MS);
        } catch (error) {
          if (this.#stopped) return;
          this.#failing(error, started);
          await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
          continue;
        }
        if (this.#lostTimer !== undefined || this.#lastError !== null) {
          // Answering again, maybe a restarted, empty server: read its stream from the start
          // (replies already taken are ignored as duplicates).
          clearTimeout(this.#lostTimer);
          this.#lostTimer = undefined;
          if (this.#lastError !== null) this.#after = "0";
          this.#lastError = null;
          if (replies.length === 0) continue;
        }
        for (const reply of replies) {
          this.#after = reply.id;
          this.#readSinceTrim++;
          await this.#options.settle(reply.body);
        }
        if (this.#readSinceTrim >= TRIM_EVERY || !this.#options.waiting()) await this.#trim();
      }
    } finally {
      this.#running = false;
    }
  }

  /**
   * Deletes the replies read so far from the stream. A failure is let go: the next trim takes
   * them too, and a server that stays down is the read's business.
   */
  async #trim(): Promise<void> {
    if (this.#readSinceTrim === 0 || this.#stopped) return;
    this.#readSinceTrim = 0;
    try {
      const broker = await this.#options.broker();
      await broker.trimReplies(this.#options.pool, this.#after);
    } catch {
      // Left for the next trim.
    }
  }

  #failing(error: unknown, since: number): void {
    this.#lastError = error;
    if (this.#lostTimer !== undefined) return;
    const { visibility, url } = this.#options;
    const wait = Math.max(0, visibility - (Date.now() - since));
    this.#lostTimer = setTimeout(() => {
      this.#lostTimer = undefined;
      if (this.#stopped) return;
      const what = `did not answer for ${visibility} ms (the cluster's visibility)`;
      this.#options.lost(connectionLost(url, this.#lastError, what));
    }, wait);
  }
}

/**
 * The `${call}:${chunk}` a reply's header names, read without its values; null when even the
 * header cannot be read (then no call can be told of the failure).
 */
export function replyKey(body: Uint8Array): string | null {
  try {
    const sections = readBody(body, BodyType.Reply, "the reply");
    const fields = checkReplyFields(deserializeSection(sections.header, "the reply"), "the reply");
    return `${fields.call}:${fields.chunk}`;
  } catch {
    return null;
  }
}
