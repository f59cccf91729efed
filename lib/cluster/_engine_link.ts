/**
 * A cluster pool's link to its broker: connects on first use (again after a failed attempt),
 * sets the pool's liveness key before anything else and refreshes it every second while the
 * pool lives, and closes the connection once the pool has said its last words.
 *
 * A refresh that finds the key gone tells the pool (`onKeyLost`): the server lost its keys (a
 * restart without persistence: the stream, its group and the pool's entries are gone too), or
 * the pool went unrefreshed past the TTL. The refresh has put the key back by then, before the
 * pool sends anything again. Every few refreshes the server's id is read as well: a new one (a
 * restart with persistence, which kept the key but may have lost the last entries) tells the
 * pool the same way.
 *
 * @module
 */
import type { Broker } from "./broker.ts";
import type { ClusterSettings } from "./options.ts";
import { connectionLost } from "./_engine_replies.ts";

/** Opens the broker of a cluster; by default `connectRedis`, loaded when first needed. */
export type BrokerConnector = (settings: ClusterSettings) => Promise<Broker>;

const KEEP_ALIVE_EVERY_MS = 1000;
// A few refreshes' worth: one late refresh does not make workers drop the pool's entries.
const KEEP_ALIVE_TTL_MS = 5000;
/** Every this many refreshes, the server's id is read too: a new one means it restarted. */
const SERVER_CHECK_EVERY = 3;

/** The shape of `connectRedis` in `redis_broker.ts`, named here without importing it. */
type RedisConnect = (
  url: string,
  options: { queue: string; timeoutMs: number },
) => Promise<Broker>;

const connectRedisBroker: BrokerConnector = async (settings) => {
  // Loaded here, not at the top, and by a specifier Deno cannot read ahead of time: a literal one
  // would put npm:ioredis in the module graph of every program importing the library, and Deno
  // resolves (downloads) a graph's npm packages before the program runs.
  const broker = new URL("./redis_broker.ts", import.meta.url).href;
  const { connectRedis }: { connectRedis: RedisConnect } = await import(broker);
  return connectRedis(settings.url, { queue: settings.queue, timeoutMs: settings.brokerTimeout });
};

/** The broker of one pool, connected on demand and kept alive; see the module documentation. */
export class BrokerLink {
  readonly #settings: ClusterSettings;
  readonly #pool: string;
  readonly #connect: BrokerConnector;
  #broker: Promise<Broker> | null = null;
  #keepAlive: ReturnType<typeof setInterval> | undefined;
  readonly #refreshing = new Set<Promise<void>>();
  readonly #onKeyLost: () => void;
  #closed = false;
  #serverId: string | null = null;
  #ticks = 0;

  /** `onKeyLost` is called when a refresh finds the liveness key gone (the key is back then). */
  constructor(
    settings: ClusterSettings,
    pool: string,
    options: { connect?: BrokerConnector | undefined; onKeyLost?: () => void } = {},
  ) {
    this.#settings = settings;
    this.#pool = pool;
    this.#connect = options.connect ?? connectRedisBroker;
    this.#onKeyLost = options.onKeyLost ?? (() => {});
  }

  /**
   * Sets the liveness key again now, without waiting: sent before entries on the same
   * connection, it lands before them, so that workers never take a live pool for dead because
   * the server lost the key a moment ago. Failures are left to the command that follows.
   */
  refresh(broker: Broker): void {
    if (this.#closed) return;
    const call = broker.keepAlive(this.#pool, KEEP_ALIVE_TTL_MS).then((present) => {
      if (present === false && !this.#closed) this.#onKeyLost();
    }, () => {}).finally(() => this.#refreshing.delete(call));
    this.#refreshing.add(call);
  }

  /** The broker, connected, with the pool's liveness key set; rejects naming the masked URL. */
  broker(): Promise<Broker> {
    if (this.#broker !== null) return this.#broker;
    const broker = this.#open();
    this.#broker = broker;
    // A failed connection is tried again by the next call.
    broker.catch(() => {
      if (this.#broker === broker) this.#broker = null;
    });
    return broker;
  }

  /**
   * Stops the keep-alive, runs `last` on the broker if one was connected (its errors are
   * swallowed: a dead server's keys expire by their TTLs), then closes the connection.
   */
  async close(last: (broker: Broker) => Promise<void>): Promise<void> {
    this.#closed = true;
    clearInterval(this.#keepAlive);
    const pending = this.#broker;
    if (pending === null) return;
    let broker: Broker;
    try {
      broker = await pending;
    } catch {
      return; // never connected: nothing of this pool is in the cluster
    }
    try {
      // A refresh landing after `last` would bring the liveness key back.
      await Promise.all([...this.#refreshing]);
      await last(broker);
    } catch {
      // The server is gone: the pool's keys expire with their TTLs.
    } finally {
      await dispose(broker);
    }
  }

  /**
   * Reads the server's id, and tells the pool (as for a lost key) when it changed: a server
   * restarted with persistence keeps the liveness key, yet may have lost the last entries sent
   * (an append-only file written every second), which would then wait for ever.
   */
  #checkServer(broker: Broker): void {
    const call = broker.serverId().then((id) => {
      const known = this.#serverId;
      this.#serverId = id;
      if (known !== null && known !== id && !this.#closed) this.#onKeyLost();
    }, () => {}).finally(() => this.#refreshing.delete(call));
    this.#refreshing.add(call);
  }

  async #open(): Promise<Broker> {
    let broker: Broker;
    try {
      broker = await this.#connect(this.#settings);
    } catch (error) {
      throw connectionLost(this.#settings.url, error, "could not connect");
    }
    try {
      // Workers drop the entries of a pool whose liveness key is missing: set before any entry.
      await broker.keepAlive(this.#pool, KEEP_ALIVE_TTL_MS);
    } catch (error) {
      await dispose(broker);
      throw connectionLost(this.#settings.url, error, "could not register the pool");
    }
    if (this.#closed) {
      await dispose(broker);
      throw new Error("the cluster pool was closed while it connected");
    }
    // While the server is down the refreshes wait for the connection (each at most the broker
    // timeout); the first to land after a restart finds the key gone and tells the pool.
    this.#keepAlive = setInterval(() => {
      this.refresh(broker);
      if (++this.#ticks % SERVER_CHECK_EVERY === 0) this.#checkServer(broker);
    }, KEEP_ALIVE_EVERY_MS);
    this.#checkServer(broker);
    // The timer alone does not keep the process running; waiting calls and the connection do.
    Deno.unrefTimer(this.#keepAlive as unknown as number);
    return broker;
  }
}

async function dispose(broker: Broker): Promise<void> {
  try {
    await broker[Symbol.asyncDispose]();
  } catch {
    // Closing a connection to a dead server: nothing left to do.
  }
}
