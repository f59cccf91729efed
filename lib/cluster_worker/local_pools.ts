/**
 * The local multiproc Pools a cluster worker runs units in: one per (cluster pool, module),
 * created on first use with the pool's initializer and initargs and the worker's isolation,
 * permissions, heap limit and maxTasksPerChild, and closed after an idle while (its cluster
 * pool may be gone for good).
 *
 * @module
 */
import { Pool } from "../pool/pool.ts";
import type { PoolOptions } from "../pool/options.ts";
import type { ClusterWorkerSettings } from "./options.ts";
import type { TaskSource } from "../cluster/wire.ts";
import type { AnyFunction } from "../worker/task_ref.ts";
import { localTask } from "./admission.ts";

/** What a local Pool is chosen and made by: the entry's pool, task and initializer. */
export interface LocalEntry {
  readonly pool: string;
  readonly task: TaskSource;
  readonly initializer?: TaskSource | undefined;
  readonly initargs?: readonly unknown[] | undefined;
}

interface Held {
  readonly pool: Pool;
  busy: number;
  idleTimer: ReturnType<typeof setTimeout> | null;
}

/** The local Pools of one worker. */
export class LocalPools {
  readonly #settings: ClusterWorkerSettings;
  readonly #pools = new Map<string, Held>();

  /** Creates an empty set. */
  constructor(settings: ClusterWorkerSettings) {
    this.#settings = settings;
  }

  /** How many local Pools are open. */
  get size(): number {
    return this.#pools.size;
  }

  /**
   * Runs `body` with the local Pool of (`entry.pool`, `entry.module`), creating it if needed
   * (with the entry's initializer and initargs, which every entry of a pool carries alike), and
   * the function to hand it for `entry.task`; the pool counts as busy until `body` settles.
   */
  async use<T>(
    entry: LocalEntry,
    body: (pool: Pool, task: AnyFunction) => Promise<T>,
  ): Promise<T> {
    const module = "module" in entry.task ? entry.task.module : null;
    const key = `${entry.pool}\n${module ?? ""}`;
    let held = this.#pools.get(key);
    if (held === undefined) {
      held = { pool: new Pool(this.#options(module, entry)), busy: 0, idleTimer: null };
      this.#pools.set(key, held);
    }
    if (held.idleTimer !== null) clearTimeout(held.idleTimer);
    held.idleTimer = null;
    held.busy++;
    try {
      return await body(held.pool, localTask(entry.task, this.#settings.allowSource));
    } finally {
      held.busy--;
      if (held.busy === 0 && this.#pools.get(key) === held) {
        const idle = held;
        idle.idleTimer = setTimeout(() => {
          if (idle.busy > 0 || this.#pools.get(key) !== idle) return;
          this.#pools.delete(key);
          idle.pool.terminate().catch((error) => {
            console.error(`multiproc worker: closing an idle local pool failed`, error);
          });
        }, this.#settings.idleCloseMs);
      }
    }
  }

  #options(module: string | null, entry: LocalEntry): PoolOptions {
    const s = this.#settings;
    const options: PoolOptions = { processes: s.processes, name: "ClusterUnit" };
    if (module !== null) options.module = module;
    if (s.isolation !== undefined) options.isolation = s.isolation;
    if (s.permissions !== undefined) options.permissions = s.permissions;
    if (s.heapLimitMb !== undefined) options.heapLimitMb = s.heapLimitMb;
    if (s.maxTasksPerChild !== undefined) options.maxTasksPerChild = s.maxTasksPerChild;
    if (entry.initializer !== undefined) {
      // Resolved (export, or compiled where allowed) in each local worker, as a task is.
      options.initializer = localTask(entry.initializer, s.allowSource);
      options.initargs = [...(entry.initargs ?? [])];
    }
    return options;
  }

  /** Terminates every local Pool (units still running reject) and clears every timer. */
  async close(): Promise<void> {
    const pools = [...this.#pools.values()];
    this.#pools.clear();
    for (const held of pools) if (held.idleTimer !== null) clearTimeout(held.idleTimer);
    await Promise.allSettled(pools.map((held) => held.pool.terminate()));
  }
}
