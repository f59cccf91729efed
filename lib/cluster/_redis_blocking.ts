/**
 * Connections for blocking reads. Redis answers the commands of one connection in order, so a
 * connection waiting in `XREADGROUP … BLOCK` holds up everything behind it: each blocking read
 * takes a connection of its own, from a set of idle ones, and gives it back after.
 *
 * @module
 */
import type { Redis } from "npm:ioredis@6.1.0";
import { bounded, Connection } from "./_redis_client.ts";

/** The idle blocking connections of one broker, and those in use. */
export class BlockingConnections {
  readonly #url: string;
  readonly #timeoutMs: number;
  readonly #idle: Connection[] = [];
  readonly #all = new Set<Connection>();
  #closed = false;

  constructor(url: string, timeoutMs: number) {
    this.#url = url;
    this.#timeoutMs = timeoutMs;
  }

  /**
   * Runs the blocking `read` on a connection of its own, within `timeoutMs + blockMs`. A
   * connection whose read did not answer in time is closed (its late answer would be taken for
   * the next read's); one whose read failed otherwise is kept, and reconnects by itself.
   */
  async run<T>(blockMs: number, read: (client: Redis) => Promise<T>): Promise<T> {
    if (this.#closed) throw new Error("the broker is closed");
    const connection = this.#idle.pop() ?? this.#open();
    let timedOut = false;
    try {
      return await bounded(connection, this.#timeoutMs, blockMs, read);
    } catch (error) {
      timedOut = error instanceof Error && error.message.startsWith("no answer within");
      throw error;
    } finally {
      if (this.#closed || timedOut) {
        this.#all.delete(connection);
        await connection.close();
      } else {
        this.#idle.push(connection);
      }
    }
  }

  #open(): Connection {
    const connection = new Connection(this.#url, this.#timeoutMs, true);
    this.#all.add(connection);
    return connection;
  }

  /** Closes every connection; reads still waiting reject. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#idle.length = 0;
    const all = [...this.#all];
    this.#all.clear();
    await Promise.all(all.map((connection) => connection.close()));
  }
}
