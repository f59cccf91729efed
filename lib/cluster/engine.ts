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
import type { Broker } from "./broker.ts";
import type { ClusterSettings } from "./options.ts";
import { BlobCache, type EncodeOptions } from "./wire.ts";
import { type Encoded, encodeGroup, groupTasks } from "./_engine_entries.ts";
import { ClusterExecutor, type SlotEngine } from "./cluster_executor.ts";
import type { ExecutorFactory, Unit, UnitOwner } from "../worker/executor.ts";
import { connectionLost, ReplyLoop } from "./_engine_replies.ts";
import { type BrokerConnector, BrokerLink } from "./_engine_link.ts";
import { WorkerWatch } from "./_engine_workers.ts";
import { Resender } from "./_engine_resend.ts";
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
  readonly #settings: ClusterSettings;
  readonly #module: string | null;
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
  #closing: Promise<void> | null = null;

  /** `connect` opens the broker (by default `connectRedis`, loaded when first needed). */
  constructor(settings: ClusterSettings, module: string | null, connect?: BrokerConnector) {
    this.#settings = settings;
    this.#module = module;
    const settling: SettleHost = {
      pool: this.pool,
      module,
      maxEntryBytes: settings.maxEntryBytes,
      entries: this.#entries,
      broker: () => this.#link.broker(),
    };
    // The server lost the pool's liveness key, so maybe its entries: see `_engine_resend.ts`.
    const onKeyLost = () => this.#resender.recover();
    this.#link = new BrokerLink(settings, this.pool, { connect, onKeyLost });
    this.#replies = new ReplyLoop({
      pool: this.pool,
      visibility: settings.visibility,
      url: settings.url,
      broker: () => this.#link.broker(),
      waiting: () => this.#entries.size > 0,
      settle: (body) => settleReply(body, settling),
      lost: (error) => failEntries(this.#entries, [...this.#entries.keys()], error),
    });
    this.#resender = new Resender({
      pool: this.pool,
      settings,
      blobCache: this.#blobCache,
      entries: this.#entries,
      broker: () => this.#link.broker(),
      settle: (body) => settleReply(body, settling),
      fail: (keys, error) => failEntries(this.#entries, keys, error),
    });
    this.#workers = new WorkerWatch(
      async () => (await this.#link.broker()).workers(),
      settings.queue,
    );
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

  async #flush(): Promise<void> {
    const outgoing = this.#outbox;
    this.#outbox = [];
    if (outgoing.length === 0 || this.#closing !== null) return;
    let broker: Broker;
    try {
      broker = await this.#link.broker();
    } catch (error) {
      for (const posted of outgoing) posted.slot.deliver(posted.seq, { error });
      return;
    }
    const nextId = () => this.#nextId++;
    const options: EncodeOptions = {
      blobThreshold: this.#settings.blobThreshold,
      maxEntryBytes: this.#settings.maxEntryBytes,
      blobCache: this.#blobCache,
      putBlob: (bytes, ttlMs) => broker.putBlob(bytes, ttlMs),
    };
    // Every slot of the pool has the pool's spec: its initializer and initargs.
    const { initializer, initargs } = outgoing[0]!.slot.spec;
    const context = { module: this.#module, initializer, initargs };
    const byUnit = new Map(outgoing.map((posted) => [posted.unit, posted]));
    await this.#workers.refresh();
    const groups = [];
    for (const group of groupTasks(outgoing, context, nextId)) {
      // A task no live worker would take fails now, rather than wait in the stream for ever.
      const refusal = await this.#workers.refusal(group.task.task) ??
        (group.task.initializer === undefined
          ? null
          : await this.#workers.refusal(group.task.initializer));
      if (refusal === null) {
        groups.push(group);
        continue;
      }
      for (const item of group.units) {
        const posted = byUnit.get(item.unit)!;
        posted.slot.deliver(posted.seq, { error: refusal });
      }
    }
    let encoded: Encoded[];
    try {
      encoded = (await Promise.all(
        groups.map((group) => encodeGroup(group, this.pool, options, nextId)),
      )).flat();
    } catch (error) {
      // putBlob failed: the server is gone.
      const lost = connectionLost(this.#settings.url, error, "could not store an argument");
      for (const posted of outgoing) posted.slot.deliver(posted.seq, { error: lost });
      return;
    }
    const sending: Array<{ key: string; entry: Entry; encoded: Encoded }> = [];
    for (const one of encoded) {
      for (const [item, error] of one.failed) {
        const posted = byUnit.get(item.unit)!;
        posted.slot.deliver(posted.seq, { error });
      }
      if (one.envelope === null) continue;
      const units = one.units.map((item) => byUnit.get(item.unit)!);
      // Units cancelled while their values were encoded are not sent.
      if (units.every((posted) => posted.unit.owner.settled)) continue;
      const entry: Entry = { id: null, task: one.task, units, withdrawn: false };
      const key = one.key;
      this.#entries.set(key, entry);
      sending.push({ key, entry, encoded: one });
    }
    if (sending.length === 0) return;
    // The liveness key goes first on the same connection (a server that lost it takes no entry
    // of ours for a dead pool's), and a key found gone starts a recovery.
    this.#link.refresh(broker);
    let ids: string[];
    try {
      ids = await broker.enqueue(sending.map((one) => one.encoded.envelope!));
    } catch (error) {
      const lost = connectionLost(this.#settings.url, error, "could not send the task");
      failEntries(this.#entries, sending.map((one) => one.key), lost);
      return;
    }
    const withdraw: string[] = [];
    sending.forEach((one, i) => {
      one.entry.id = ids[i]!;
      if (one.entry.withdrawn) withdraw.push(ids[i]!);
    });
    if (withdraw.length > 0) void broker.withdraw(withdraw).catch(() => {});
    this.#replies.wake();
  }
}
