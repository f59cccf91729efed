/**
 * Section of the pool benchmark: throughput of tiny tasks, `inc` over 0..n-1, with one apply
 * per task and with map, against a naive pool posting one message per task.
 *
 * @module
 */
import { NaivePool } from "./naive_pool.ts";
import { type Figure, figure, formatInt } from "../../harness/figure.ts";
import { check, repeat, timed } from "../../harness/stats.ts";
import { inc } from "./work.ts";
import { startPool, usePool } from "./pools.ts";
import type { Section } from "../../harness/figure.ts";
import type { Parameters } from "../../harness/suite.ts";
import type { PoolSizes } from "./sizes.ts";

/** Tasks per second of `run`, which must return `inc` applied to 0..n-1. */
async function rate(n: number, run: () => Promise<number[]>): Promise<number> {
  const { result: out, seconds } = await timed(run);
  check(out.length === n && out[0] === 1 && out[n - 1] === n, `inc over ${n} items`);
  return n / seconds;
}

/** Tiny tasks per second: the naive pool's apply, then multiproc's apply and map. */
export async function tinyTasks(p: Parameters, s: PoolSizes): Promise<Section> {
  const n = s.tinyTasks;
  const items = Array.from({ length: n }, (_, i) => i);

  const baseline: Figure = await usePool(new NaivePool(s.workers), async (naive) =>
    figure({
      id: "tiny.naive_apply",
      label: "naive pool, 1 message/task",
      unit: "tasks/s",
      summary: await repeat(
        p,
        () => rate(n, () => Promise.all(items.map((i) => naive.apply(inc, [i])))),
      ),
    }));

  const figures = await usePool(startPool(s.workers), async (pool) => [
    baseline,
    figure({
      id: "tiny.apply",
      label: "multiproc apply in Promise.all",
      unit: "tasks/s",
      summary: await repeat(
        p,
        () => rate(n, () => Promise.all(items.map((i) => pool.apply(inc, [i])))),
      ),
      target: { kind: "min", value: 300_000 },
      compare: [{ name: "naive", figure: baseline }],
    }),
    figure({
      id: "tiny.map",
      label: "multiproc map, default chunksize",
      unit: "tasks/s",
      summary: await repeat(p, () => rate(n, () => pool.map(inc, items))),
      compare: [{ name: "naive", figure: baseline }],
    }),
  ]);
  return {
    title: `Tiny tasks: ${formatInt(n)} × inc(x) = x + 1, ${s.workers} workers (tasks per second)`,
    figures,
    notes: [
      "naive: one { id, name, args } message per task to the workers in turn, resolved by id " +
      "(bench/suites/pool/naive_pool.ts)",
    ],
  };
}
