/**
 * What every section of the cluster suite shares: its sizes, the two Pools measured side by side
 * with the stream their entries are counted on, and the bound on each measured call.
 *
 * @module
 */
import type { Pool } from "../../../mod.ts";
import type { StreamCounter, Workers } from "./workers.ts";

/** Sizes of a full run; `--quick` makes them smaller (the round trips and the one-tick burst stay). */
export function clusterSizes(quick: boolean) {
  return {
    workers: 2,
    tinyTasks: quick ? 10_000 : 100_000,
    roundTrips: 200,
    oneTick: 100,
    rows: quick ? 20_000 : 200_000,
    columns: 5,
  };
}
export type ClusterSizes = ReturnType<typeof clusterSizes>;

/** A local Pool and a cluster Pool of the same module, and the stream they are measured on. */
export interface Contenders {
  readonly local: Pool;
  readonly cluster: Pool;
  readonly counter: StreamCounter;
  readonly workers: Workers;
}

/** Which of `c`'s Pools `pool` is. */
export function where(c: Contenders, pool: Pool): "local" | "cluster" {
  return pool === c.cluster ? "cluster" : "local";
}

/**
 * `promise`, the call `what` of `pool` (one of `c`'s), or a rejection naming it after `ms`:
 * whether the cluster's workers are alive when it is a cluster call.
 */
export async function bounded<T>(
  c: Contenders,
  pool: Pool,
  what: string,
  ms: number,
  promise: Promise<T>,
): Promise<T> {
  const side = where(c, pool);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const message = `the ${side} Pool's ${what}: no answer after ${ms} ms`;
      if (side === "local") return reject(new Error(message));
      try {
        c.workers.checkAlive();
        reject(new Error(`${message}; both cluster workers are alive`));
      } catch (error) {
        reject(new Error(message, { cause: error }));
      }
    }, ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs `fn` on the cluster, recording the task entries it added in `entries` (measured runs). */
export async function counted<T>(
  c: Contenders,
  run: number,
  entries: number[],
  fn: () => Promise<T>,
): Promise<T> {
  c.workers.checkAlive();
  const before = await c.counter.added();
  const result = await fn();
  const added = await c.counter.added() - before;
  if (run >= 0) entries.push(added);
  return result;
}
