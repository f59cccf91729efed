/**
 * The local multiproc Pools a cluster worker runs units in: one per (cluster pool, module),
 * created on first use with the worker's isolation, permissions, heap limit and
 * maxTasksPerChild, and closed after an idle while (its cluster pool may be gone for good).
 *
 * @module
 */
import { Pool } from "../pool/pool.ts";
import type { PoolOptions } from "../pool/options.ts";
import type { ClusterWorkerSettings } from "./options.ts";

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
   * Runs `body` with the local Pool of (`clusterPool`, `module`), creating it if needed; the
   * pool counts as busy until `body` settles.
   */
  async use<T>(clusterPool: string, module: string, body: (pool: Pool) => Promise<T>): Promise<T> {
    const key = `${clusterPool}\n${module}`;
    let held = this.#pools.get(key);
    if (held === undefined) {
      held = { pool: new Pool(this.#options(module)), busy: 0, idleTimer: null };
      this.#pools.set(key, held);
    }
    if (held.idleTimer !== null) clearTimeout(held.idleTimer);
    held.idleTimer = null;
    held.busy++;
    try {
      return await body(held.pool);
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

  #options(module: string): PoolOptions {
    const s = this.#settings;
    const options: PoolOptions = { processes: s.processes, module, name: "ClusterUnit" };
    if (s.isolation !== undefined) options.isolation = s.isolation;
    if (s.permissions !== undefined) options.permissions = s.permissions;
    if (s.heapLimitMb !== undefined) options.heapLimitMb = s.heapLimitMb;
    if (s.maxTasksPerChild !== undefined) options.maxTasksPerChild = s.maxTasksPerChild;
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
