// The setup of the tests that drive a real cluster Pool against real worker processes: a
// throwaway redis-server, a fresh queue, a temp dir, workers started on demand, and a clean-up
// that checks no key of the queue is left.
import assert from "node:assert/strict";
import { Pool, type PoolOptions } from "../../mod.ts";
import { ignoreWithoutRedis, type RedisServer, startRedis } from "./_redis.ts";
import {
  awaitWorkers,
  deleteQueueKeys,
  startWorker,
  TASKS,
  type WorkerProcess,
} from "./_cluster_worker.ts";
import { connectRedis, type RedisBroker } from "../../lib/cluster/redis_broker.ts";

/** What a test gets. */
export interface PoolSetup {
  readonly server: RedisServer;
  readonly queue: string;
  readonly dir: string;
  /** A broker on the queue, to look at the stream and the workers. */
  readonly broker: RedisBroker;
  /** Starts a worker with `args` after --redis, --queue and the fixtures' --allow-module. */
  start(args: string[]): Promise<WorkerProcess>;
  /** A cluster Pool on the queue (module: the fixtures' tasks.ts unless given; null for none). */
  pool(options?: Omit<PoolOptions, "module" | "cluster"> & { module?: string | null }): Pool;
}

/** Declares a test with a {@linkcode PoolSetup}; ignored without redis-server (not under CI). */
export function poolTest(name: string, fn: (setup: PoolSetup) => Promise<void>): void {
  Deno.test({ name, ignore: ignoreWithoutRedis }, async () => {
    await using server = await startRedis();
    const queue = "q" + crypto.randomUUID().slice(0, 8);
    const dir = await Deno.makeTempDir({ prefix: "multiproc_cluster_pool_" });
    const workers: WorkerProcess[] = [];
    const pools: Pool[] = [];
    await using broker = await connectRedis(server.url, { queue });
    try {
      await fn({
        server,
        queue,
        dir,
        broker,
        async start(args) {
          workers.push(startWorker(server.url, queue, args));
          await awaitWorkers(broker, workers.length);
          return workers.at(-1)!;
        },
        pool({ module = TASKS, ...options } = {}) {
          const pool = new Pool({
            ...options,
            cluster: { url: server.url, queue },
            ...(module === null ? {} : { module }),
          });
          pools.push(pool);
          return pool;
        },
      });
    } finally {
      for (const pool of pools) await pool.terminate();
      for (const worker of workers) await worker[Symbol.asyncDispose]();
      assert.deepEqual(await deleteQueueKeys(server.url, queue), []);
      await Deno.remove(dir, { recursive: true });
    }
  });
}
