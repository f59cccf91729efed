/**
 * A cluster worker: a bridge that reads a queue's entries only as fast as its local multiproc
 * Pools can start them, runs them there, and settles each with its reply. It announces itself
 * every second, renews the leases of the entries it holds, sweeps for entries of dead workers,
 * and on `stop()` hands back what it has not started.
 *
 * A Redis restart is lived through: the connections reconnect by themselves, a read, renewal or
 * sweep that meets NOGROUP (the restarted server lost the stream and its group) creates them
 * again and goes on, and each job logs its first failure and its recovery, not every retry.
 *
 * @module
 */
import { connectRedis, type RedisBroker } from "../cluster/redis_broker.ts";
import { consumerName, workerInfo } from "./identity.ts";
import type { Delivery } from "../cluster/broker.ts";
import { admission } from "./admission.ts";
import { Cancels } from "./cancels.ts";
import { LocalPools } from "./local_pools.ts";
import {
  type ClusterWorkerOptions,
  type ClusterWorkerSettings,
  clusterWorkerSettings,
} from "./options.ts";
import { type EntryContext, type Held, processEntry } from "./entry.ts";
import { Ticker } from "./ticker.ts";
import { FailureLog } from "./failure_log.ts";
import { Slots } from "./slots.ts";

const ANNOUNCE_EVERY_MS = 1000;
const ANNOUNCE_TTL_MS = 3000;
const READ_BLOCK_MS = 500;

/**
 * Runs a queue's tasks on this machine. Start it with {@linkcode ClusterWorker.start}; stop it
 * with {@linkcode ClusterWorker.stop} (or `await using`).
 */
export class ClusterWorker implements AsyncDisposable {
  /** Its consumer name: `<host>-<pid>-<random>`. */
  readonly name: string;
  readonly #settings: ClusterWorkerSettings;
  readonly #held = new Map<string, Held>();
  readonly #running = new Set<Promise<void>>();
  readonly #cancels = new Cancels();
  readonly #pools: LocalPools;
  readonly #slots: Slots;
  readonly #tickers: Ticker[] = [];
  readonly #failures: FailureLog;
  #broker: RedisBroker | null = null;
  #stopCancels: (() => Promise<void>) | null = null;
  #loop: Promise<void> | null = null;
  #stopping: Promise<void> | null = null;
  #slot: PromiseWithResolvers<void> = Promise.withResolvers();

  /** Checks the options; nothing connects before `start()`. */
  constructor(options: ClusterWorkerOptions) {
    this.#settings = clusterWorkerSettings(options);
    this.#pools = new LocalPools(this.#settings);
    this.#slots = new Slots(this.#settings.processes);
    this.name = consumerName();
    this.#failures = new FailureLog(`multiproc worker ${this.name}`);
  }

  /** The most entries held at once: processes × prefetch. */
  get capacity(): number {
    return this.#settings.processes * this.#settings.prefetch;
  }

  /** Entries held now (started or waiting for a local worker). */
  get held(): number {
    return this.#held.size;
  }

  /** Connects, announces itself, listens for cancels and starts reading. */
  async start(): Promise<void> {
    if (this.#broker !== null || this.#stopping !== null) {
      throw new Error(`ClusterWorker ${this.name} was started already`);
    }
    const s = this.#settings;
    const broker = await connectRedis(s.redis, { queue: s.queue });
    this.#broker = broker;
    try {
      await this.#announce();
      this.#stopCancels = await broker.onCancel((pool, calls) => this.#cancels.cancel(pool, calls));
    } catch (error) {
      this.#broker = null;
      await broker[Symbol.asyncDispose]();
      throw error;
    }
    const every = (ms: number, what: string, job: () => Promise<void>): Ticker =>
      new Ticker(ms, () => this.#failures.run(what, job), what);
    this.#tickers.push(
      every(ANNOUNCE_EVERY_MS, "announcing", () => this.#announce()),
      every(Math.max(100, s.visibility / 2), "sweeping", () => this.#sweep()),
      every(Math.max(100, s.visibility / 3), "renewing leases", () => this.#renew()),
    );
    this.#loop = this.#readLoop();
  }

  #context(): EntryContext {
    const s = this.#settings;
    return {
      name: this.name,
      broker: this.#broker!,
      admit: admission(s.allowModule, s.allowSource),
      cancels: this.#cancels,
      pools: this.#pools,
      slots: this.#slots,
    };
  }

  async #announce(): Promise<void> {
    await this.#broker!.announce(workerInfo(this.name, this.#settings), ANNOUNCE_TTL_MS);
  }

  async #renew(): Promise<void> {
    const ids = [...this.#held.keys()];
    if (ids.length > 0) await this.#broker!.renew(this.name, ids);
  }

  async #sweep(): Promise<void> {
    const room = this.capacity - this.#held.size;
    if (room <= 0 || this.#stopping !== null) return;
    const taken = await this.#broker!.reclaim(this.name, this.#settings.visibility, room);
    this.#take(taken);
  }

  #take(deliveries: readonly Delivery[]): void {
    const context = this.#context();
    for (const delivery of deliveries) {
      if (this.#held.has(delivery.id)) continue;
      const held: Held = { delivery, started: false, released: false };
      this.#held.set(delivery.id, held);
      const run = processEntry(context, held).catch((error) => {
        console.error(`multiproc worker ${this.name}: entry ${delivery.id} failed`, error);
      }).finally(() => {
        this.#held.delete(delivery.id);
        this.#running.delete(run);
        this.#slot.resolve();
      });
      this.#running.add(run);
    }
  }

  async #readLoop(): Promise<void> {
    while (this.#stopping === null) {
      const room = this.capacity - this.#held.size;
      if (room <= 0) {
        this.#slot = Promise.withResolvers();
        await this.#slot.promise;
        continue;
      }
      try {
        // After NOGROUP (a restarted, empty server) the read creates the group and reads nothing.
        this.#take(await this.#broker!.read(this.name, room, READ_BLOCK_MS));
        this.#failures.worked("reading entries");
      } catch (error) {
        if (this.#stopping !== null) break;
        this.#failures.failed("reading entries", error);
        await new Promise((resolve) => setTimeout(resolve, READ_BLOCK_MS));
      }
    }
  }

  /**
   * Stops reading, hands back the entries not started, lets running ones finish within the
   * grace (then hands them back too), closes the local Pools and the connections.
   */
  stop(): Promise<void> {
    this.#stopping ??= this.#stop();
    return this.#stopping;
  }

  async #stop(): Promise<void> {
    this.#slot.resolve();
    await this.#loop;
    const broker = this.#broker;
    // Announcing and sweeping stop now; renewing goes on while running entries finish.
    for (const ticker of this.#tickers.splice(0, 2)) await ticker.stop();
    await this.#release((held) => !held.started);
    this.#slots.close();
    const all = Promise.all([...this.#running]);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const grace = new Promise((resolve) => timer = setTimeout(resolve, this.#settings.stopGraceMs));
    await Promise.race([all, grace]);
    clearTimeout(timer);
    await this.#release(() => true);
    for (const ticker of this.#tickers.splice(0)) await ticker.stop();
    await this.#pools.close();
    await all;
    await this.#stopCancels?.().catch(() => {});
    await broker?.[Symbol.asyncDispose]();
  }

  async #release(which: (held: Held) => boolean): Promise<void> {
    const handed = [...this.#held.values()].filter((held) => !held.released && which(held));
    for (const held of handed) held.released = true;
    if (handed.length === 0 || this.#broker === null) return;
    try {
      // The next claim gives an entry never started its count again (a hand-back costs no
      // retry), one that started the next count (it may have had effects).
      await this.#broker.release(
        this.name,
        handed.map((held) => held.delivery.id),
        handed.map((held) => held.delivery.deliveries + (held.started ? 1 : 0)),
      );
    } catch (error) {
      console.error(`multiproc worker ${this.name}: handing entries back failed`, error);
    }
  }

  /** Same as {@linkcode ClusterWorker.stop}. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.stop();
  }
}
