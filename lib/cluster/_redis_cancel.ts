/**
 * Cancel broadcasts, heard on a connection of their own (a subscribed connection can run no
 * other command). It is opened by the first listener and closed when the last one stops;
 * ioredis subscribes again after a reconnect. A broadcast missed meanwhile is still in the
 * pool's cancel marks.
 *
 * @module
 */
import { bounded, Connection } from "./_redis_client.ts";
import { parseCancel } from "./_redis_checks.ts";
import type { RedisSession } from "./_redis_session.ts";

/** A listener of cancel broadcasts. */
export type CancelListener = (pool: string, calls: number[]) => void;

/** The listeners of one broker and their connection. */
export class CancelSubscription {
  readonly #session: RedisSession;
  readonly #listeners = new Set<CancelListener>();
  #connection: Promise<Connection> | null = null;

  constructor(session: RedisSession) {
    this.#session = session;
  }

  /** Adds `listener` once the channel is subscribed; resolves with the function that stops it. */
  async listen(listener: CancelListener): Promise<() => Promise<void>> {
    if (typeof listener !== "function") {
      throw new TypeError(`onCancel needs a function, received ${typeof listener}`);
    }
    const s = this.#session;
    if (s.closed) throw new Error(`Redis ${s.url}: onCancel: the broker is closed`);
    // Concurrent first listeners share one connection.
    this.#connection ??= this.#open().catch((error) => {
      this.#connection = null;
      throw error;
    });
    await this.#connection;
    this.#listeners.add(listener);
    let stopped = false;
    return async () => {
      if (stopped) return;
      stopped = true;
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0) await this.close();
    };
  }

  async #open(): Promise<Connection> {
    const s = this.#session;
    const connection = new Connection(s.rawUrl, s.timeoutMs, false);
    connection.client.on("message", (_channel: string, message: string) => this.#hear(message));
    try {
      await bounded(connection, s.timeoutMs, 0, (client) => client.subscribe(s.keys.cancel));
      return connection;
    } catch (error) {
      await connection.close();
      throw s.failure(`subscribing to ${s.keys.cancel}`, error);
    }
  }

  #hear(message: string): void {
    const cancel = parseCancel(message);
    if (typeof cancel === "string") {
      this.#session.onMalformed(`${this.#session.keys.cancel}: ${cancel}; ignored`);
      return;
    }
    for (const listener of this.#listeners) {
      try {
        listener(cancel.pool, cancel.calls);
      } catch (error) {
        // Thrown inside ioredis's event handler it would end the process.
        console.error("multiproc: an onCancel listener threw", error);
      }
    }
  }

  /** Closes the connection (the listeners are dropped). */
  async close(): Promise<void> {
    this.#listeners.clear();
    const connection = this.#connection;
    this.#connection = null;
    await connection?.then((open) => open.close(), () => {});
  }
}
