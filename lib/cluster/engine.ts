/**
 * The pool side of a cluster: what makes `new Pool({ cluster, module })` run its tasks through a
 * broker's task stream instead of local workers.
 *
 * **Shape (decided for issue 17).** The cluster is a third executor behind the worker core's
 * {@linkcode Executor} interface; the Pool's dispatcher, calls, `AsyncResult`, `imap` window
 * and `maxQueue` are used unchanged, and there is no second pool. One engine per pool owns what
 * is shared: the broker connection, the liveness key, the reply loop, the call ids and the
 * entries in the stream. Each of the dispatcher's `processes` slots is a thin
 * {@linkcode ClusterExecutor} on that engine. Why slots on one engine, and not one executor per
 * remote worker, nor one executor standing alone for the cluster:
 * - the pool cannot know the remote workers synchronously (they come and go, and announce
 *   themselves through Redis), while the dispatcher's slots are made in the constructor;
 * - the stream is the queue: a slot declares `queues`, so the dispatcher hands it what waits at
 *   once (at most `MAX_UNANSWERED` unanswered per slot, the rest wait under `maxQueue`), and the
 *   workers take entries as they have room: no pacing by round trips;
 * - coalescing happens once for all slots: the engine gathers what every slot sent in one tick
 *   and writes the `apply` units of one task as one batch entry (100 `applyAsync` made in one
 *   tick travel in one entry); each `map` chunk is one entry;
 * - replies from many machines arrive in any order: each call settles when its reply comes,
 *   and only the slot's bookkeeping waits for order (see `cluster_executor.ts`).
 *
 * `map`'s default chunksize counts with the capacity the live workers announce (see
 * `_engine_workers.ts`); until the pool has first reached Redis, with `processes`.
 *
 * Delivery is at-least-once: the engine keeps the first reply per entry (call, chunk) and
 * ignores the others. A broker that stops answering rejects the calls waiting on it after the
 * cluster's `visibility` (each command is bounded by `brokerTimeout`), naming the masked URL. A
 * server that comes back having lost the pool's entries (a restart without persistence) has
 * them sent again while `retries` allow, or their calls rejected: see `_engine_resend.ts`.
 *
 * @module
 */
import type { ClusterSettings } from "./options.ts";
import { BlobCache } from "./wire.ts";
import { ClusterExecutor, type SlotEngine } from "./cluster_executor.ts";
import type { ExecutorFactory, Unit, UnitOwner } from "../worker/executor.ts";
import { ReplyLoop } from "./_engine_replies.ts";
import { type BrokerConnector, BrokerLink } from "./_engine_link.ts";
import { WorkerWatch } from "./_engine_workers.ts";
import { Resender } from "./_engine_resend.ts";
import { type FlushHost, flushOutbox } from "./_engine_flush.ts";
import {
  type Entry,
  failEntries,
  type Posted,
  type SettleHost,
  settleReply,
} from "./_engine_settle.ts";

export type { BrokerConnector } from "./_engine_link.ts";

/** The pool side of one cluster Pool: see the module documentation. */
export class ClusterEngine implements SlotEngine {
  /** This pool's id in the queue: its reply stream, liveness key and cancel marks. */
  readonly pool: string = `pool-${crypto.randomUUID()}`;
  readonly #link: BrokerLink;
  #outbox: Posted[] = [];
  #flushScheduled = false;
  #nextId = 1;
  readonly #callIds = new WeakMap<UnitOwner, number>();
  /** Entries not answered yet, by `${call}:${chunk}`: the first reply takes its entry out. */
  readonly #entries = new Map<string, Entry>();
  readonly #cancelled = new WeakMap<UnitOwner, boolean>();
  readonly #blobCache = new BlobCache();
  readonly #replies: ReplyLoop;
  readonly #workers: WorkerWatch;
  readonly #resender: Resender;
  readonly #host: FlushHost & SettleHost;
  #closing: Promise<void> | null = null;

  /** `connect` opens the broker (by default `connectRedis`, loaded when first needed). */
  constructor(settings: ClusterSettings, module: string | null, connect?: BrokerConnector) {
    // The server lost the pool's liveness key, so maybe its entries: see `_engine_resend.ts`.
    const onKeyLost = () => this.#resender.recover();
    const link = this.#link = new BrokerLink(settings, this.pool, { connect, onKeyLost });
    const broker = () => link.broker();
    const workers = this.#workers = new WorkerWatch(
      async () => (await broker()).workers(),
      settings.queue,
    );
    const { pool } = this, entries = this.#entries, blobCache = this.#blobCache;
    const nextId = () => this.#nextId++;
    const wake = () => this.#replies.wake();
    // What the flush and the settling of replies read and change of this pool.
    const shared = { pool, module, settings, blobCache, entries, broker };
    this.#host = { ...shared, link, workers, nextId, wake };
    const settle = (body: Uint8Array) => settleReply(body, this.#host);
    const fail = (keys: readonly string[], error: unknown) => failEntries(entries, keys, error);
    this.#replies = new ReplyLoop({
      pool,
      visibility: settings.visibility,
      url: settings.url,
      broker,
      waiting: () => entries.size > 0,
      settle,
      lost: (error) => fail([...entries.keys()], error),
    });
    this.#resender = new Resender({ pool, settings, blobCache, entries, broker, settle, fail });
  }

  /**
   * How many units the queue's live workers run at once, as last read (null before the pool
   * first reached Redis, or with no live worker): `map`'s default chunksize counts with it.
   */
  get capacity(): number | null {
    return this.#workers.capacity;
  }

  /** Makes the slots of the pool's dispatcher. */
  readonly spawn: ExecutorFactory = (spec, listener) => new ClusterExecutor(this, spec, listener);

  /** Entries in the stream this pool still waits for. */
  get outstanding(): number {
    return this.#entries.size;
  }

  post(slot: ClusterExecutor, seq: number, unit: Unit): void {
    let call = this.#callIds.get(unit.owner);
    if (call === undefined) this.#callIds.set(unit.owner, call = this.#nextId++);
    this.#outbox.push({ unit, call, slot, seq });
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    // Every slot's send of this tick lands in the outbox first, then goes in as few entries.
    queueMicrotask(() => {
      this.#flushScheduled = false;
      void this.#flush();
    });
  }

  cancel(owner: UnitOwner): boolean {
    const known = this.#cancelled.get(owner);
    if (known !== undefined) return known;
    let running = false;
    const calls = new Set<number>();
    const withdraw: string[] = [];
    this.#outbox = this.#outbox.filter((posted) => posted.unit.owner !== owner);
    for (const [key, entry] of this.#entries) {
      const mine = entry.units.filter((posted) => posted.unit.owner === owner);
      if (mine.length === 0) continue;
      for (const posted of mine) calls.add(posted.call);
      if (entry.id !== null) running = true;
      // A batch entry shared with other calls stays: its workers skip the cancelled calls.
      if (entry.units.every((p) => p.unit.owner === owner || p.unit.owner.settled)) {
        this.#entries.delete(key);
        entry.withdrawn = true;
        if (entry.id !== null) withdraw.push(entry.id);
      }
    }
    this.#cancelled.set(owner, running);
    if (running) void this.#tell(withdraw, [...calls]);
    return running;
  }

  detach(_slot: ClusterExecutor): void {}

  /**
   * Ends this pool in the cluster: withdraws its entries not yet delivered, broadcasts a cancel
   * for those running, deletes the pool's keys and closes the connection. Never rejects.
   */
  close(): Promise<void> {
    return this.#closing ??= this.#close();
  }

  async #close(): Promise<void> {
    this.#replies.stop();
    this.#resender.stop();
    const entries = [...this.#entries.values()];
    this.#entries.clear();
    this.#outbox = [];
    await this.#link.close(async (broker) => {
      const ids = entries.flatMap((entry) => entry.id === null ? [] : [entry.id]);
      if (ids.length > 0) await broker.withdraw(ids);
      const calls = new Set(entries.flatMap((entry) => entry.units.map((p) => p.call)));
      if (calls.size > 0) await broker.cancel(this.pool, [...calls]);
      await broker.forget(this.pool);
    });
    // Closing the connection ended the blocking read under way.
    await this.#replies.stopped();
  }

  async #tell(ids: string[], calls: number[]): Promise<void> {
    try {
      const broker = await this.#link.broker();
      if (ids.length > 0) await broker.withdraw(ids);
      await broker.cancel(this.pool, calls);
    } catch {
      // The call is rejected already; a worker that never hears drops the reply.
    }
  }

  /** Sends what the outbox holds (see `_engine_flush.ts`), unless the pool is closing. */
  #flush(): Promise<void> {
    const outgoing = this.#outbox;
    this.#outbox = [];
    if (outgoing.length === 0 || this.#closing !== null) return Promise.resolve();
    return flushOutbox(outgoing, this.#host);
  }
}
