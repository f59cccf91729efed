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
import { createHash } from "node:crypto";
import type { Redis } from "npm:ioredis@6.1.0";
import type { Broker, Delivery, Reply, TaskEnvelope, WorkerInfo } from "./broker.ts";
import { checkName, GROUP, type QueueKeys, queueKeys } from "./keys.ts";
import { bounded, Connection, isNoGroup, maskUrl } from "./_redis_client.ts";
import {
  asBuffer,
  asBytes,
  checkEnvelope,
  checkStreamId,
  type RawEntry,
  readAutoclaim,
  readStreamReply,
  taskFields,
  toDelivery,
} from "./_redis_entries.ts";
import {
  checkCount,
  checkMs,
  checkWorker,
  parseCancel,
  parseJson,
  type Transaction,
} from "./_redis_checks.ts";
import { BlockingConnections } from "./_redis_blocking.ts";

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

// An idle time no sweep's min-idle reaches, yet below the server clock (a larger one counts as 0).
const RELEASED_IDLE_MS = 100_000_000_000;
const REPLY_BATCH = 1000;
// Workers on machines whose clocks run behind still count; their TTL key decides.
const CLOCK_SKEW_MS = 60_000;

/** The Redis Streams broker; made by {@linkcode connectRedis}. */
export class RedisBroker implements Broker {
  readonly #url: string;
  readonly #keys: QueueKeys;
  readonly #timeoutMs: number;
  readonly #replyTtlMs: number;
  readonly #onMalformed: (problem: string) => void;
  readonly #command: Connection;
  readonly #blocking: BlockingConnections;
  #subscriber: Connection | null = null;
  readonly #cancelListeners = new Set<(pool: string, calls: number[]) => void>();
  #closed = false;

  /** Use {@linkcode connectRedis}, which also waits for the server and creates the group. */
  constructor(url: string, options: Required<RedisBrokerOptions>) {
    this.#url = url;
    this.#keys = queueKeys(options.queue);
    this.#timeoutMs = options.timeoutMs;
    this.#replyTtlMs = options.replyTtlMs;
    this.#onMalformed = options.onMalformed;
    this.#command = new Connection(url, options.timeoutMs, false);
    this.#blocking = new BlockingConnections(url, options.timeoutMs);
  }

  /** The server's URL with its password masked. */
  get url(): string {
    return maskUrl(this.#url);
  }

  /** The key names of this broker's queue. */
  get keys(): QueueKeys {
    return this.#keys;
  }

  /** Runs `command` on the command connection, bounded, errors named after `what`. */
  async #run<T>(what: string, command: (client: Redis) => Promise<T>): Promise<T> {
    if (this.#closed) throw new Error(`Redis ${this.url}: ${what}: the broker is closed`);
    try {
      return await bounded(this.#command, this.#timeoutMs, 0, command);
    } catch (error) {
      throw this.#failure(what, error);
    }
  }

  #failure(what: string, error: unknown): Error {
    const message = error instanceof Error ? error.message : String(error);
    return new Error(`Redis ${this.url}: ${what} failed: ${message}`, { cause: error });
  }

  /** Runs `command`; on NOGROUP (a restart without persistence) creates the group, runs again. */
  async #withGroup<T>(what: string, command: (client: Redis) => Promise<T>): Promise<T> {
    try {
      return await this.#run(what, command);
    } catch (error) {
      if (!isNoGroup((error as Error).cause)) throw error;
      await this.createGroup();
      return await this.#run(what, command);
    }
  }

  /** Runs a MULTI built by `build`; rejects if EXEC was aborted or any command in it failed. */
  #transaction(what: string, build: (multi: Transaction) => void): Promise<unknown[]> {
    return this.#run(what, async (client) => {
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
    await this.#run("creating the consumer group", async (client) => {
      try {
        await client.call("XGROUP", "CREATE", this.#keys.tasks, GROUP, "0", "MKSTREAM");
      } catch (error) {
        if (!/\bBUSYGROUP\b/.test((error as Error).message)) throw error;
      }
    });
  }

  async enqueue(entries: readonly TaskEnvelope[]): Promise<string[]> {
    entries.forEach(checkEnvelope);
    if (entries.length === 0) return [];
    const ids = await this.#transaction(`enqueueing ${entries.length} entries`, (multi) => {
      for (const entry of entries) {
        multi.call("XADD", this.#keys.tasks, "*", ...taskFields(entry));
      }
    });
    return ids.map(String);
  }

  async withdraw(ids: readonly string[]): Promise<number> {
    ids.forEach((id) => checkStreamId(id));
    if (ids.length === 0) return 0;
    return await this.#withGroup(`withdrawing ${ids.length} entries`, async (client) => {
      const pipeline = client.pipeline();
      for (const id of ids) pipeline.call("XPENDING", this.#keys.tasks, GROUP, id, id, 1);
      const pending = await pipeline.exec();
      const undelivered = ids.filter((_, i) => {
        const [error, rows] = pending?.[i] ?? [new Error("no answer")];
        if (error) throw error;
        return Array.isArray(rows) && rows.length === 0;
      });
      if (undelivered.length === 0) return 0;
      return Number(await client.call("XDEL", this.#keys.tasks, ...undelivered));
    });
  }

  async read(consumer: string, count: number, blockMs: number): Promise<Delivery[]> {
    checkName(consumer, "consumer name");
    checkCount(count, "count");
    checkMs(blockMs, "blockMs");
    const args = ["GROUP", GROUP, consumer, "COUNT", count];
    if (blockMs > 0) args.push("BLOCK", blockMs);
    args.push("STREAMS", this.#keys.tasks, ">");
    const what = `reading ${count} entries for ${consumer}`;
    const read = (client: Redis): Promise<unknown> => client.callBuffer("XREADGROUP", ...args);
    let raw: unknown;
    try {
      raw = blockMs > 0
        ? await this.#blockingRead(what, blockMs, read)
        : await this.#run(what, read);
    } catch (error) {
      if (!isNoGroup((error as Error).cause)) throw error;
      await this.createGroup();
      return [];
    }
    return await this.#deliveries(consumer, readStreamReply(raw), () => 1);
  }

  async #blockingRead<T>(
    what: string,
    blockMs: number,
    read: (c: Redis) => Promise<T>,
  ): Promise<T> {
    if (this.#closed) throw new Error(`Redis ${this.url}: ${what}: the broker is closed`);
    try {
      return await this.#blocking.run(blockMs, read);
    } catch (error) {
      throw this.#failure(what, error);
    }
  }

  /** The deliveries among `entries`; the malformed ones are reported, acknowledged and deleted. */
  async #deliveries(
    consumer: string,
    entries: RawEntry[],
    deliveries: (id: string) => number,
  ): Promise<Delivery[]> {
    const good: Delivery[] = [];
    const bad: string[] = [];
    for (const entry of entries) {
      const delivery = toDelivery(entry, deliveries(entry.id));
      if (typeof delivery === "string") {
        this.#onMalformed(`${this.#keys.tasks}: ${delivery}; dropped`);
        bad.push(entry.id);
      } else good.push(delivery);
    }
    if (bad.length > 0) {
      await this.#transaction(`dropping ${bad.length} malformed entries for ${consumer}`, (m) => {
        m.call("XACK", this.#keys.tasks, GROUP, ...bad).call("XDEL", this.#keys.tasks, ...bad);
      });
    }
    return good;
  }

  async settle(delivery: Delivery, reply: Uint8Array): Promise<void> {
    const id = checkStreamId(delivery?.id);
    const replies = this.#keys.replies(delivery.pool);
    if (!(reply instanceof Uint8Array)) {
      throw new TypeError(`A reply must be a Uint8Array, received ${typeof reply}`);
    }
    await this.#transaction(`settling entry ${id} of pool ${delivery.pool}`, (multi) => {
      multi.call("XADD", replies, "*", "body", asBuffer(reply))
        .call("PEXPIRE", replies, this.#replyTtlMs)
        .call("XACK", this.#keys.tasks, GROUP, id)
        .call("XDEL", this.#keys.tasks, id);
    });
  }

  async renew(consumer: string, ids: readonly string[]): Promise<void> {
    checkName(consumer, "consumer name");
    ids.forEach((id) => checkStreamId(id));
    if (ids.length === 0) return;
    await this.#withGroup(`renewing ${ids.length} entries of ${consumer}`, (client) =>
      // JUSTID: the delivery count stays as it is; min-idle 0 resets the idle time.
      client.call("XCLAIM", this.#keys.tasks, GROUP, consumer, 0, ...ids, "JUSTID"));
  }

  async release(consumer: string, ids: readonly string[]): Promise<void> {
    checkName(consumer, "consumer name");
    ids.forEach((id) => checkStreamId(id));
    if (ids.length === 0) return;
    await this.#withGroup(`releasing ${ids.length} entries of ${consumer}`, (client) =>
      client.call(
        "XCLAIM",
        this.#keys.tasks,
        GROUP,
        consumer,
        0,
        ...ids,
        "IDLE",
        RELEASED_IDLE_MS,
        "JUSTID",
      ));
  }

  async reclaim(consumer: string, minIdleMs: number, count: number): Promise<Delivery[]> {
    checkName(consumer, "consumer name");
    checkMs(minIdleMs, "minIdleMs");
    checkCount(count, "count");
    const what = `reclaiming ${count} entries idle ≥ ${minIdleMs} ms for ${consumer}`;
    const claimed: RawEntry[] = [];
    let cursor = "0-0";
    do {
      const raw = await this.#withGroup(what, (client) =>
        client.callBuffer(
          "XAUTOCLAIM",
          this.#keys.tasks,
          GROUP,
          consumer,
          minIdleMs,
          cursor,
          "COUNT",
          count - claimed.length,
        ));
      const page = readAutoclaim(raw);
      claimed.push(...page.entries);
      cursor = page.cursor;
    } while (cursor !== "0-0" && claimed.length < count);
    if (claimed.length === 0) return [];
    // XAUTOCLAIM has raised each count by one; read them back, and keep only the entries that
    // are still ours (another sweep may have taken one since).
    const counts = await this.#withGroup(what, async (client) => {
      const pipeline = client.pipeline();
      for (const { id } of claimed) {
        pipeline.call("XPENDING", this.#keys.tasks, GROUP, id, id, 1, consumer);
      }
      return (await pipeline.exec()) ?? [];
    });
    const owned = new Map<string, number>();
    counts.forEach(([error, rows]) => {
      if (error) throw this.#failure(what, error);
      const row = Array.isArray(rows) ? rows[0] : undefined;
      if (Array.isArray(row)) owned.set(String(row[0]), Number(row[3]));
    });
    const ours = claimed.filter(({ id, fields }) => owned.has(id) || fields === null);
    return await this.#deliveries(consumer, ours, (id) => owned.get(id) ?? 0);
  }

  async replies(pool: string, after: string, blockMs: number): Promise<Reply[]> {
    const key = this.#keys.replies(pool);
    checkStreamId(after, true);
    checkMs(blockMs, "blockMs");
    const args = ["COUNT", REPLY_BATCH];
    if (blockMs > 0) args.push("BLOCK", blockMs);
    args.push("STREAMS", key, after);
    const what = `reading the replies of pool ${pool} after ${after}`;
    const read = (client: Redis): Promise<unknown> => client.callBuffer("XREAD", ...args);
    const raw = blockMs > 0
      ? await this.#blockingRead(what, blockMs, read)
      : await this.#run(what, read);
    return readStreamReply(raw).flatMap(({ id, fields }) => {
      const body = fields?.get("body");
      if (body !== undefined) return [{ id, body: asBytes(body) }];
      this.#onMalformed(`${key}: reply ${id} has no body; skipped`);
      return [];
    });
  }

  async cancel(pool: string, calls: readonly number[]): Promise<void> {
    const marks = this.#keys.cancelled(pool);
    for (const call of calls) {
      if (!Number.isSafeInteger(call) || call < 0) {
        throw new RangeError(`A call number is an integer ≥ 0, received ${call}`);
      }
    }
    if (calls.length === 0) return;
    const message = JSON.stringify({ pool, calls });
    await this.#transaction(`cancelling ${calls.length} calls of pool ${pool}`, (multi) => {
      multi.call("SADD", marks, ...calls).call("PEXPIRE", marks, this.#replyTtlMs)
        .call("PUBLISH", this.#keys.cancel, message);
    });
  }

  /** The calls of `pool` marked cancelled (for a worker that missed a broadcast). */
  async cancelledCalls(pool: string): Promise<number[]> {
    const marks = this.#keys.cancelled(pool);
    const members = await this.#run(
      `reading the cancelled calls of pool ${pool}`,
      (client) => client.smembers(marks),
    );
    return members.map(Number).filter(Number.isSafeInteger).sort((a, b) => a - b);
  }

  async putBlob(bytes: Uint8Array, ttlMs: number): Promise<string> {
    if (!(bytes instanceof Uint8Array)) {
      throw new TypeError(`A blob must be a Uint8Array, received ${typeof bytes}`);
    }
    checkCount(ttlMs, "ttlMs");
    const key = this.#keys.blob(createHash("sha256").update(bytes).digest("hex"));
    const what = `storing a blob of ${bytes.byteLength} bytes`;
    // Stored already (by this pool or another): only make it live at least ttlMs more.
    const [, exists] = await this.#transaction(what, (multi) => {
      multi.call("PEXPIRE", key, ttlMs, "GT").call("EXISTS", key);
    });
    if (Number(exists) === 1) return key;
    await this.#transaction(what, (multi) => {
      multi.call("SET", key, asBuffer(bytes), "PX", ttlMs, "NX").call("PEXPIRE", key, ttlMs, "GT");
    });
    return key;
  }

  async getBlob(key: string): Promise<Uint8Array | null> {
    if (typeof key !== "string" || !this.#keys.isBlob(key)) {
      throw new TypeError(`Not a blob key of queue ${this.#keys.queue}: ${JSON.stringify(key)}`);
    }
    const value = await this.#run(`reading blob ${key}`, (client) => client.getBuffer(key));
    if (value === null) return null;
    const digest = createHash("sha256").update(value).digest("hex");
    if (!key.endsWith(digest)) {
      throw new Error(
        `Redis ${this.url}: blob ${key} holds ${value.byteLength} bytes whose SHA-256 is ${digest}: ` +
          "it was overwritten by something other than a pool",
      );
    }
    return asBytes(value);
  }

  async keepAlive(pool: string, ttlMs: number): Promise<void> {
    const key = this.#keys.pool(pool);
    checkCount(ttlMs, "ttlMs");
    await this.#run(`keeping pool ${pool} alive`, (c) => c.call("SET", key, "1", "PX", ttlMs));
  }

  async isAlive(pool: string): Promise<boolean> {
    const key = this.#keys.pool(pool);
    return (await this.#run(`checking pool ${pool}`, (client) => client.exists(key))) === 1;
  }

  async forget(pool: string): Promise<void> {
    const keys = [this.#keys.pool(pool), this.#keys.replies(pool), this.#keys.cancelled(pool)];
    await this.#run(`deleting the keys of pool ${pool}`, (client) => client.del(...keys));
  }

  async announce(worker: WorkerInfo, ttlMs: number): Promise<void> {
    const checked = checkWorker(worker);
    if (typeof checked === "string") throw new TypeError(`Cannot announce the worker: ${checked}`);
    const info = JSON.stringify(checked);
    checkCount(ttlMs, "ttlMs");
    const now = Date.now();
    await this.#transaction(`announcing worker ${worker.name}`, (multi) => {
      multi.call("SET", this.#keys.worker(worker.name), info, "PX", ttlMs)
        .call("ZADD", this.#keys.workers, now + ttlMs, worker.name)
        .call("ZREMRANGEBYSCORE", this.#keys.workers, "-inf", now - CLOCK_SKEW_MS);
    });
  }

  async workers(): Promise<WorkerInfo[]> {
    return await this.#run("listing the workers", async (client) => {
      const names = await client.zrangebyscore(
        this.#keys.workers,
        Date.now() - CLOCK_SKEW_MS,
        "+inf",
      );
      const valid = names.filter((name) => {
        try {
          return checkName(name, "worker name") === name;
        } catch {
          return false;
        }
      });
      if (valid.length === 0) return [];
      const infos = await client.mget(...valid.map((name) => this.#keys.worker(name)));
      return infos.flatMap((info, i) => {
        if (info === null) return []; // its announcement lapsed
        const worker = checkWorker(parseJson(info), valid[i]);
        if (typeof worker !== "string") return [worker];
        this.#onMalformed(`${this.#keys.worker(valid[i]!)}: ${worker}; skipped`);
        return [];
      });
    });
  }

  async onCancel(onCancel: (pool: string, calls: number[]) => void): Promise<() => Promise<void>> {
    if (typeof onCancel !== "function") {
      throw new TypeError(`onCancel needs a function, received ${typeof onCancel}`);
    }
    if (this.#closed) throw new Error(`Redis ${this.url}: onCancel: the broker is closed`);
    if (this.#subscriber === null) await this.#subscribe();
    this.#cancelListeners.add(onCancel);
    return async () => {
      this.#cancelListeners.delete(onCancel);
      if (this.#cancelListeners.size > 0 || this.#subscriber === null) return;
      const subscriber = this.#subscriber;
      this.#subscriber = null;
      await subscriber.close();
    };
  }

  async #subscribe(): Promise<void> {
    const subscriber = new Connection(this.#url, this.#timeoutMs, false);
    this.#subscriber = subscriber;
    subscriber.client.on("message", (_channel: string, message: string) => {
      const cancel = parseCancel(message);
      if (typeof cancel === "string") {
        this.#onMalformed(`${this.#keys.cancel}: ${cancel}; ignored`);
        return;
      }
      for (const listener of this.#cancelListeners) {
        try {
          listener(cancel.pool, cancel.calls);
        } catch (error) {
          // Thrown inside ioredis's event handler it would end the process.
          console.error("multiproc: an onCancel listener threw", error);
        }
      }
    });
    try {
      await bounded(subscriber, this.#timeoutMs, 0, (c) => c.subscribe(this.#keys.cancel));
    } catch (error) {
      this.#subscriber = null;
      await subscriber.close();
      throw this.#failure(`subscribing to ${this.#keys.cancel}`, error);
    }
  }

  /** Closes every connection; calls still waiting reject. */
  async [Symbol.asyncDispose](): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const subscriber = this.#subscriber;
    this.#subscriber = null;
    this.#cancelListeners.clear();
    await Promise.all([this.#command.close(), this.#blocking.close(), subscriber?.close()]);
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
