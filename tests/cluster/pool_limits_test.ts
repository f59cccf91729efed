// A cluster Pool's per-call limits with real worker processes: a call's timeout is enforced by
// the worker from the unit's start, so time spent waiting in the stream does not count.
import assert from "node:assert/strict";
import { Pool } from "../../mod.ts";
import { ignoreWithoutRedis, type RedisServer, startRedis } from "./_redis.ts";
import {
  deleteQueueKeys,
  lines,
  startWorker,
  TASKS,
  type WorkerProcess,
} from "./_cluster_worker.ts";
import { connectRedis } from "../../lib/cluster/redis_broker.ts";
import { awaitWorkers } from "./_cluster_worker.ts";

interface Setup {
  readonly server: RedisServer;
  readonly queue: string;
  readonly dir: string;
  start(args: string[]): Promise<WorkerProcess>;
  pool(options?: { processes?: number }): Pool;
}

function clusterTest(name: string, fn: (setup: Setup) => Promise<void>): void {
  Deno.test({ name, ignore: ignoreWithoutRedis }, async () => {
    await using server = await startRedis();
    const queue = "limits" + crypto.randomUUID().slice(0, 6);
    const dir = await Deno.makeTempDir({ prefix: "multiproc_cluster_limits_" });
    const workers: WorkerProcess[] = [];
    const pools: Pool[] = [];
    await using broker = await connectRedis(server.url, { queue });
    try {
      await fn({
        server,
        queue,
        dir,
        async start(args) {
          workers.push(startWorker(server.url, queue, args));
          await awaitWorkers(broker, workers.length);
          return workers.at(-1)!;
        },
        pool(options = {}) {
          const pool = new Pool({ cluster: { url: server.url, queue }, module: TASKS, ...options });
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

clusterTest(
  "a cluster call's timeout counts from its start on the worker, not from its time in the stream",
  async (t) => {
    const file = `${t.dir}/marks.txt`;
    // One unit at a time: the second call waits in the stream for the first 1.2 s.
    await t.start(["--processes", "1", "--prefetch", "1"]);
    const pool = t.pool();
    const first = pool.apply("slowMark", [file, "first", 1200]);
    const second = pool.apply("slowMark", [file, "second", 100], { timeout: 800 });
    const [one, two] = await Promise.allSettled([first, second]);
    assert.deepEqual(one, { status: "fulfilled", value: "first" });
    assert.deepEqual(two, { status: "fulfilled", value: "second" }, "the wait counted");
    assert.deepEqual(lines(file), ["first", "second"]);
  },
);

clusterTest("a cluster call that runs past its timeout rejects with TimeoutError", async (t) => {
  const file = `${t.dir}/marks.txt`;
  await t.start(["--processes", "1"]);
  const pool = t.pool();
  const started = Date.now();
  await assert.rejects(
    pool.apply("slowMark", [file, "slow", 10_000], { timeout: 300 }),
    (error: Error) => error.name === "TimeoutError" && /300 ms/.test(error.message),
  );
  assert.ok(Date.now() - started < 8_000, "the worker did not enforce the timeout");
  // The pool's default timeout travels too, and map chunks carry it.
  const limited = new Pool({
    cluster: { url: t.server.url, queue: t.queue },
    module: TASKS,
    timeout: 300,
  });
  try {
    await assert.rejects(
      limited.starmap("slowMark", [[file, "a", 5], [file, "b", 10_000]], { chunksize: 1 }),
      { name: "TimeoutError" },
    );
    assert.deepEqual(await limited.map("tenfold", [1, 2, 3]), [10, 20, 30]);
  } finally {
    await limited.terminate();
  }
});
