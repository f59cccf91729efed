/**
 * The broker a cluster Pool and its workers talk through: a small interface, so that Redis
 * Streams (`redis_broker.ts`) is one adapter and NATS JetStream could be another. Everything a
 * broker moves is opaque bytes plus the few header fields it must read without decoding them:
 * the wire version and the pool id (a worker refuses an unknown version, and drops the entries of
 * a pool that died, before it deserializes anything).
 *
 * @module
 */

/** One task entry as a pool writes it. */
export interface TaskEnvelope {
  /** The wire version of `body` (see `wire.ts`). */
  readonly version: number;
  /** The id of the pool that sent it; its replies go to that pool's reply stream. */
  readonly pool: string;
  /** The encoded batch of units. */
  readonly body: Uint8Array;
}

/** A task entry as a worker receives it. */
export interface Delivery extends TaskEnvelope {
  /** The broker's id of the entry (a stream ID for Redis). */
  readonly id: string;
  /** How many times the entry was delivered, this delivery included (1 the first time). */
  readonly deliveries: number;
}

/** A reply as a pool receives it. */
export interface Reply {
  readonly id: string;
  readonly body: Uint8Array;
}

/** A worker as it announces itself. */
export interface WorkerInfo {
  /** Its consumer name, `<host>-<pid>-<random>`. */
  readonly name: string;
  readonly host: string;
  readonly pid: number;
  /** How many units it runs at once. */
  readonly capacity: number;
  /** The wire versions it reads. */
  readonly wire: readonly number[];
  /** The module URL prefixes it may import tasks from. */
  readonly allowModule: readonly string[];
  /** Whether it accepts tasks sent as source text. */
  readonly allowSource: boolean;
}

/** What both sides of a queue use. Every method rejects, never hangs past the client's timeout. */
export interface Broker extends AsyncDisposable {
  /** Appends entries to the queue's task stream, in order; resolves with their ids. */
  enqueue(entries: readonly TaskEnvelope[]): Promise<string[]>;
  /** Deletes entries not yet delivered (a delivered one is left to its worker); how many went. */
  withdraw(ids: readonly string[]): Promise<number>;
  /** Reads up to `count` new entries for `consumer`, waiting at most `blockMs` for the first. */
  read(consumer: string, count: number, blockMs: number): Promise<Delivery[]>;
  /**
   * Records the reply to a delivery and removes the entry, in one transaction: the reply goes to
   * the delivery's pool's reply stream, the entry is acknowledged and deleted.
   */
  settle(delivery: Delivery, reply: Uint8Array): Promise<void>;
  /** Renews `consumer`'s lease on entries it still runs, so no sweep takes them over. */
  renew(consumer: string, ids: readonly string[]): Promise<void>;
  /** Takes over up to `count` entries idle for at least `minIdleMs` (their holder died). */
  reclaim(consumer: string, minIdleMs: number, count: number): Promise<Delivery[]>;
  /**
   * Hands entries back at once (a worker stopping): any consumer's next sweep takes them. With
   * `deliveries` (each entry's delivery count, in the order of `ids`), the next claim keeps that
   * count: an entry handed back unrun does not use up a retry.
   */
  release(consumer: string, ids: readonly string[], deliveries?: readonly number[]): Promise<void>;
  /** Reads replies for `pool` after reply id `after` ("0" for all), waiting at most `blockMs`. */
  replies(pool: string, after: string, blockMs: number): Promise<Reply[]>;
  /** Deletes `pool`'s replies up to reply id `through`, included (the pool has read them). */
  trimReplies(pool: string, through: string): Promise<void>;
  /**
   * Whether each entry of `ids` is still in the task stream (waiting or running); one that is
   * not was answered (its reply is in its pool's reply stream), withdrawn, or lost by the server.
   */
  queued(ids: readonly string[]): Promise<boolean[]>;
  /**
   * An id of the server process, which changes when the server restarts (Redis's `run_id`): a
   * restart that kept the pool's keys (persistence) may still have lost the latest entries.
   */
  serverId(): Promise<string>;
  /** Marks calls of `pool` cancelled and tells running workers at once. */
  cancel(pool: string, calls: readonly number[]): Promise<void>;
  /**
   * Stores `bytes` once under a key named by their SHA-256 for `ttlMs` (a big argument shared by
   * many entries travels once); resolves with the key.
   */
  putBlob(bytes: Uint8Array, ttlMs: number): Promise<string>;
  /** The bytes stored under `key`, or null when it expired or never existed. */
  getBlob(key: string): Promise<Uint8Array | null>;
  /**
   * Refreshes `pool`'s liveness key for `ttlMs`; a pool whose key lapsed is dead. Resolves with
   * whether the key was there before: false for a live pool means the server lost its keys (a
   * restart without persistence) or the pool went unrefreshed past the TTL.
   */
  keepAlive(pool: string, ttlMs: number): Promise<boolean>;
  /** Whether `pool`'s liveness key is there. */
  isAlive(pool: string): Promise<boolean>;
  /** Deletes every key of `pool` (its liveness key, reply stream, cancel marks). */
  forget(pool: string): Promise<void>;
  /** Records a worker and its capacity for `ttlMs`; workers announce themselves every second. */
  announce(worker: WorkerInfo, ttlMs: number): Promise<void>;
  /** The workers whose last announcement has not lapsed. */
  workers(): Promise<WorkerInfo[]>;
  /** Calls `onCancel` for each cancel broadcast; the returned function stops listening. */
  onCancel(onCancel: (pool: string, calls: number[]) => void): Promise<() => Promise<void>>;
}
