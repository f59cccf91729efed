/**
 * The {@linkcode Broker} on Redis Streams (Redis ≥ 7.0, Valkey), through `npm:ioredis`.
 *
 * One queue is one task stream read by one consumer group; each pool has a reply stream, a
 * liveness key and a set of cancelled calls; workers announce themselves in a sorted set; big
 * arguments are blob keys named by their SHA-256. Every key of a queue shares one hash tag
 * (`keys.ts`). Blocking reads each get a connection of their own, cancel broadcasts another.
 *
 * Delivery is at-least-once: an entry whose worker died is taken over by {@linkcode
 * RedisBroker.reclaim} and runs again. A reply is written in the same `MULTI` that acknowledges
 * and deletes its entry, so it is recorded once per settled delivery.
 *
 * @module
 */
import type { Broker, Delivery, Reply, TaskEnvelope, WorkerInfo } from "./broker.ts";
import type { QueueKeys } from "./keys.ts";
import { maskUrl } from "./_redis_client.ts";
import { checkCount } from "./_redis_checks.ts";
import { RedisSession } from "./_redis_session.ts";
import { CancelSubscription } from "./_redis_cancel.ts";
import * as tasks from "./_redis_tasks.ts";
import * as pools from "./_redis_pools.ts";
import * as upkeep from "./_redis_upkeep.ts";

/** Options of {@linkcode connectRedis}. */
export interface RedisBrokerOptions {
  /** The queue name (default `"default"`). */
  readonly queue?: string;
  /** The most any call waits for a connection and an answer, block time aside (default 5000). */
  readonly timeoutMs?: number;
  /** How long a pool's reply stream and cancel marks outlive their last write (default 1 h). */
  readonly replyTtlMs?: number;
  /** Told of each entry or broadcast that no pool could have written (default: console.warn). */
  readonly onMalformed?: (problem: string) => void;
}

/**
 * The Redis Streams broker; made by {@linkcode connectRedis}. The methods are those of
 * {@linkcode Broker}; each names the Redis commands it uses.
 */
export class RedisBroker implements Broker {
  readonly #session: RedisSession;
  readonly #cancels: CancelSubscription;

  /** Use {@linkcode connectRedis}, which also waits for the server and creates the group. */
  constructor(url: string, options: Required<RedisBrokerOptions>) {
    this.#session = new RedisSession(url, options);
    this.#cancels = new CancelSubscription(this.#session);
  }

  /** The server's URL with its password masked. */
  get url(): string {
    return this.#session.url;
  }

  /** The key names of this broker's queue. */
  get keys(): QueueKeys {
    return this.#session.keys;
  }

  /** Creates the task stream and its consumer group unless they exist (XGROUP CREATE MKSTREAM). */
  createGroup(): Promise<void> {
    return this.#session.createGroup();
  }

  /** XADD of every entry in one MULTI. */
  enqueue(entries: readonly TaskEnvelope[]): Promise<string[]> {
    return tasks.enqueue(this.#session, entries);
  }

  /** XPENDING, then XDEL of the entries no consumer holds. */
  withdraw(ids: readonly string[]): Promise<number> {
    return tasks.withdraw(this.#session, ids);
  }

  /** XREADGROUP `>` on a connection of its own when it blocks. */
  read(consumer: string, count: number, blockMs: number): Promise<Delivery[]> {
    return tasks.read(this.#session, consumer, count, blockMs);
  }

  /** XADD + PEXPIRE of the reply, XACK + XDEL of the entry, in one MULTI. */
  settle(delivery: Delivery, reply: Uint8Array): Promise<void> {
    return tasks.settle(this.#session, delivery, reply);
  }

  /** XCLAIM … 0 … JUSTID: the idle time restarts, the delivery count stays. */
  renew(consumer: string, ids: readonly string[]): Promise<void> {
    return tasks.renew(this.#session, consumer, ids);
  }

  /** XAUTOCLAIM, then XPENDING for each entry's delivery count. */
  reclaim(consumer: string, minIdleMs: number, count: number): Promise<Delivery[]> {
    return tasks.reclaim(this.#session, consumer, minIdleMs, count);
  }

  /**
   * XCLAIM … IDLE <years> JUSTID: reclaimable at once, by any min-idle. With `deliveries`
   * (RETRYCOUNT one lower), the next claim does not count as another delivery.
   */
  release(consumer: string, ids: readonly string[], deliveries?: readonly number[]): Promise<void> {
    return tasks.release(this.#session, consumer, ids, deliveries);
  }

  /** XREAD of the pool's reply stream (at most 1000 replies a call). */
  replies(pool: string, after: string, blockMs: number): Promise<Reply[]> {
    return pools.replies(this.#session, pool, after, blockMs);
  }

  /** XTRIM … MINID just past `through`: every reply up to it goes, the later ones stay. */
  trimReplies(pool: string, through: string): Promise<void> {
    return upkeep.trimReplies(this.#session, pool, through);
  }

  /** XRANGE <id> <id> of each entry, in one pipeline. */
  queued(ids: readonly string[]): Promise<boolean[]> {
    return upkeep.queued(this.#session, ids);
  }

  /** The `run_id` of INFO server. */
  serverId(): Promise<string> {
    return upkeep.serverId(this.#session);
  }

  /** SADD + PEXPIRE of the cancel marks and PUBLISH, in one MULTI. */
  cancel(pool: string, calls: readonly number[]): Promise<void> {
    return pools.cancel(this.#session, pool, calls);
  }

  /**
   * The calls of `pool` marked cancelled, ascending (SMEMBERS): for a worker that was
   * reconnecting when a broadcast went out. Not in {@linkcode Broker} yet.
   */
  cancelledCalls(pool: string): Promise<number[]> {
    return pools.cancelledCalls(this.#session, pool);
  }

  /** SET … PX … NX under the bytes' SHA-256, or PEXPIRE … GT when stored already. */
  putBlob(bytes: Uint8Array, ttlMs: number): Promise<string> {
    return pools.putBlob(this.#session, bytes, ttlMs);
  }

  /** GET; rejects when the bytes no longer match the SHA-256 in the key. */
  getBlob(key: string): Promise<Uint8Array | null> {
    return pools.getBlob(this.#session, key);
  }

  /** SET … PX … GET of the pool's liveness key: whether it was there before. */
  keepAlive(pool: string, ttlMs: number): Promise<boolean> {
    return pools.keepAlive(this.#session, pool, ttlMs);
  }

  /** EXISTS of the pool's liveness key. */
  isAlive(pool: string): Promise<boolean> {
    return pools.isAlive(this.#session, pool);
  }

  /** DEL of the pool's liveness key, reply stream and cancel marks. */
  forget(pool: string): Promise<void> {
    return pools.forget(this.#session, pool);
  }

  /** SET … PX of the worker's info and ZADD of its expiry, in one MULTI. */
  announce(worker: WorkerInfo, ttlMs: number): Promise<void> {
    return pools.announce(this.#session, worker, ttlMs);
  }

  /** ZRANGEBYSCORE, then MGET of the infos; lapsed and forged ones left out. */
  workers(): Promise<WorkerInfo[]> {
    return pools.workers(this.#session);
  }

  /** SUBSCRIBE on a connection of its own, opened by the first listener, closed after the last. */
  onCancel(onCancel: (pool: string, calls: number[]) => void): Promise<() => Promise<void>> {
    return this.#cancels.listen(onCancel);
  }

  /** Closes every connection; calls still waiting reject, and no timer is left. */
  async [Symbol.asyncDispose](): Promise<void> {
    if (this.#session.closed) return;
    await Promise.all([this.#session.close(), this.#cancels.close()]);
  }
}

/**
 * Connects to the Redis server at `url` (`redis://` or `rediss://`), waits until it answers and
 * creates the queue's task stream and consumer group if they are missing.
 *
 * @param url The server, e.g. `redis://user:secret@10.0.0.5:6379/0`.
 * @param options The queue (default `"default"`) and the bound on each call (default 5000 ms).
 * @returns The broker; dispose of it to close its connections.
 * @throws {TypeError} On a URL that is not `redis:`/`rediss:` or a bad queue name.
 * @throws {Error} When the server does not answer within `timeoutMs` (the URL in the message).
 */
export async function connectRedis(
  url: string,
  options: RedisBrokerOptions = {},
): Promise<RedisBroker> {
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch (error) {
    throw new TypeError(`The Redis URL does not parse: ${maskUrl(url)}`, { cause: error });
  }
  if (protocol !== "redis:" && protocol !== "rediss:") {
    throw new TypeError(`A Redis URL starts with redis:// or rediss://, received ${maskUrl(url)}`);
  }
  const broker = new RedisBroker(url, {
    queue: options.queue ?? "default",
    timeoutMs: checkCount(options.timeoutMs ?? 5000, "timeoutMs"),
    replyTtlMs: checkCount(options.replyTtlMs ?? 3_600_000, "replyTtlMs"),
    onMalformed: options.onMalformed ?? ((problem) => console.warn(`multiproc: ${problem}`)),
  });
  try {
    await broker.createGroup();
  } catch (error) {
    await broker[Symbol.asyncDispose]();
    throw error;
  }
  return broker;
}
