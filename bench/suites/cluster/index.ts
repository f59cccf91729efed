/**
 * The cluster suite (`deno task bench:cluster`): the Pool on Redis Streams against the local Pool
 * of the same run, on this machine: a throwaway redis-server on 127.0.0.1 and 2 cluster worker
 * processes (`cluster_worker.ts --processes 1` each), all started here and stopped by pid.
 * Figures: (a) tiny tasks through `map`, (b) one awaited `apply`, (c) the task entries 100
 * `applyAsync` made in one tick travel in, (d) notebook 003's count through `map` and `apply`.
 *
 * @module
 */
import { Pool } from "../../../mod.ts";
import type { Parameters, Suite } from "../../harness/suite.ts";
import { clusterSizes, type Contenders } from "./contenders.ts";
import { notebookCount } from "./count.ts";
import { redisServerMissing, startRedisServer } from "./redis.ts";
import { oneTick, roundTrip, tinyMap } from "./sections.ts";
import { cpuSeconds, startWorkers, streamCounter, type Workers } from "./workers.ts";

/** The module of the tiny task `inc` (the pool suite's, which imports nothing). */
const TINY = new URL("../pool/work.ts", import.meta.url).href;
/** Notebook 003's example: its tasks and data. */
const NOTEBOOK = new URL("../../../examples/pool.ts", import.meta.url).href;

/** A local and a cluster Pool of `module` and the stream counter; disposing closes all three. */
async function openContenders(
  cluster: { url: string; queue: string; workers: Workers },
  module: string,
): Promise<Contenders & AsyncDisposable> {
  const { url, queue, workers } = cluster;
  const counter = await streamCounter(url, queue);
  const local = new Pool({ processes: 2, module });
  const remote = new Pool({ cluster: { url, queue }, module, processes: 2 });
  return {
    local,
    cluster: remote,
    counter,
    workers,
    async [Symbol.asyncDispose]() {
      await Promise.all([local.terminate(), remote.terminate()]);
      await counter[Symbol.asyncDispose]();
    },
  };
}

/**
 * Kills `pids` (SIGKILL) and exits if this process gets SIGINT or SIGTERM before disposal: a
 * benchmark stopped by a signal would otherwise leave its redis-server and workers running.
 */
function killOnSignal(pids: readonly number[]): Disposable {
  const signals: Deno.Signal[] = ["SIGINT", "SIGTERM"];
  const handler = (): void => {
    for (const pid of pids) {
      try {
        Deno.kill(pid, "SIGKILL");
      } catch {
        // Gone already.
      }
    }
    console.error("bench:cluster: stopped by a signal; redis-server and the workers were killed");
    Deno.exit(130);
  };
  for (const signal of signals) Deno.addSignalListener(signal, handler);
  return {
    [Symbol.dispose]() {
      for (const signal of signals) Deno.removeSignalListener(signal, handler);
    },
  };
}

/** The cluster suite. */
export const clusterSuite: Suite = {
  name: "bench:cluster",
  title: "cluster benchmark (Pool on Redis Streams vs the local Pool)",
  seed: 100,
  python: false,
  loadAside: " (redis-server and both cluster workers run on this machine)",
  unavailable: redisServerMissing,
  intro: (p: Parameters) => [
    `seed ${p.seed} · local Pool: 2 workers · cluster Pool: processes 2, a throwaway ` +
    "redis-server on 127.0.0.1 and 2 cluster_worker.ts processes (--processes 1 each) · " +
    `${p.warmup} warm-up + ${p.runs} measured runs per figure, local and cluster interleaved · ` +
    "median [min – max] over runs · targets are informational",
  ],
  sizes: clusterSizes,
  async *sections(p: Parameters) {
    const sizes = clusterSizes(p.quick);
    const queue = `bench-${crypto.randomUUID().slice(0, 8)}`;
    // Read when a signal comes: filled as the processes start.
    const ours: number[] = [];
    using _killed = killOnSignal(ours);
    await using redis = await startRedisServer();
    ours.push(redis.pid);
    await using workers = await startWorkers(redis.url, queue, [TINY, NOTEBOOK], sizes.workers);
    ours.push(...workers.pids);
    yield `redis-server pid ${redis.pid} at ${redis.url} · queue ${queue} · cluster workers ` +
      `pids ${workers.pids.join(", ")}`;
    const [cpuBefore, start] = [cpuSeconds(ours), performance.now()];
    const cluster = { url: redis.url, queue, workers };
    {
      await using c = await openContenders(cluster, TINY);
      yield await tinyMap(c, p, sizes);
      yield await roundTrip(c, p, sizes);
      yield await oneTick(c, p, sizes);
    }
    {
      await using c = await openContenders(cluster, NOTEBOOK);
      yield await notebookCount(c, p, sizes);
    }
    const cpuAfter = cpuSeconds(ours);
    if (cpuBefore !== null && cpuAfter !== null) {
      const seconds = cpuAfter - cpuBefore;
      const share = seconds / ((performance.now() - start) / 1000) / navigator.hardwareConcurrency;
      yield `\nredis-server and the 2 cluster workers used ${seconds.toFixed(1)} s of CPU during ` +
        `the sections, ${Math.round(share * 100)}% of all cores: part of the "other processes" ` +
        "share below";
    }
  },
};
