/**
 * What every operation of the Redis broker shares: the queue's keys, the connections, and the
 * one way a command runs — bounded, its failure named after the server and what was being done.
 *
 * @module
 */
import type { Redis } from "npm:ioredis@6.1.0";
import { GROUP, type QueueKeys, queueKeys } from "./keys.ts";
import { bounded, Connection, isNoGroup, maskUrl } from "./_redis_client.ts";
import { BlockingConnections } from "./_redis_blocking.ts";

/** A `MULTI` being built. */
export type Transaction = ReturnType<Redis["multi"]>;

/** The settings of a session, all given. */
export interface SessionOptions {
  readonly queue: string;
  readonly timeoutMs: number;
  readonly replyTtlMs: number;
  readonly onMalformed: (problem: string) => void;
}

/** One broker's connections and settings. */
export class RedisSession {
  readonly keys: QueueKeys;
  readonly timeoutMs: number;
  readonly replyTtlMs: number;
  readonly onMalformed: (problem: string) => void;
  /** The server's URL as given (with its password: never put it in a message). */
  readonly rawUrl: string;
  readonly #command: Connection;
  readonly #blocking: BlockingConnections;
  #closed = false;

  constructor(url: string, options: SessionOptions) {
    this.rawUrl = url;
    this.keys = queueKeys(options.queue);
    this.timeoutMs = options.timeoutMs;
    this.replyTtlMs = options.replyTtlMs;
    this.onMalformed = options.onMalformed;
    this.#command = new Connection(url, options.timeoutMs, false);
    this.#blocking = new BlockingConnections(url, options.timeoutMs);
  }

  /** The server's URL with its password masked. */
  get url(): string {
    return maskUrl(this.rawUrl);
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** The error to reject with when `what` failed because of `error`. */
  failure(what: string, error: unknown): Error {
    const message = error instanceof Error ? error.message : String(error);
    return new Error(`Redis ${this.url}: ${what} failed: ${message}`, { cause: error });
  }

  #checkOpen(what: string): void {
    if (this.#closed) throw new Error(`Redis ${this.url}: ${what}: the broker is closed`);
  }

  /** Runs `command` on the command connection, bounded. */
  async run<T>(what: string, command: (client: Redis) => Promise<T>): Promise<T> {
    this.#checkOpen(what);
    try {
      return await bounded(this.#command, this.timeoutMs, 0, command);
    } catch (error) {
      throw this.failure(what, error);
    }
  }

  /** Runs the blocking `read` on a connection of its own, bounded by timeoutMs + blockMs. */
  async runBlocking<T>(what: string, blockMs: number, read: (c: Redis) => Promise<T>): Promise<T> {
    this.#checkOpen(what);
    try {
      return await this.#blocking.run(blockMs, read);
    } catch (error) {
      throw this.failure(what, error);
    }
  }

  /** Runs `command`; on NOGROUP (a restart without persistence) creates the group, runs again. */
  async withGroup<T>(what: string, command: (client: Redis) => Promise<T>): Promise<T> {
    try {
      return await this.run(what, command);
    } catch (error) {
      if (!isNoGroup((error as Error).cause)) throw error;
      await this.createGroup();
      return await this.run(what, command);
    }
  }

  /** Runs a MULTI built by `build`; rejects if EXEC was aborted or any command in it failed. */
  transaction(what: string, build: (multi: Transaction) => void): Promise<unknown[]> {
    return this.run(what, async (client) => {
      const multi = client.multi();
      build(multi);
      const results = await multi.exec();
      if (results === null) throw new Error("the transaction was aborted");
      return results.map(([error, value]) => {
        if (error) throw error;
        return value;
      });
    });
  }

  /** Creates the task stream and its consumer group unless they exist. */
  async createGroup(): Promise<void> {
    await this.run("creating the consumer group", async (client) => {
      try {
        await client.call("XGROUP", "CREATE", this.keys.tasks, GROUP, "0", "MKSTREAM");
      } catch (error) {
        if (!/\bBUSYGROUP\b/.test((error as Error).message)) throw error;
      }
    });
  }

  /** Closes the command and blocking connections; calls still waiting reject. */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all([this.#command.close(), this.#blocking.close()]);
  }
}
