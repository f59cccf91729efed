/**
 * The pool suite (`deno task bench:pool`), 2 workers: throughput of tiny tasks, a per-row count
 * over a seeded matrix, the latency of one round trip and a pool's start-up, each against a
 * baseline of the same run (a naive one-message-per-task pool, or the serial loop).
 *
 * @module
 */
import { RandomState } from "../../../numeric.ts";
import { figure, formatInt, type Section, type Target } from "../../harness/figure.ts";
import { check, repeat, type Stat, timed } from "../../harness/stats.ts";
import type { Parameters, Suite } from "../../harness/suite.ts";
import { latency } from "./latency.ts";
import { NaivePool } from "./naive_pool.ts";
import { startPool, usePool } from "./pools.ts";
import { countBetween, countRow, inc } from "./work.ts";

/** Sizes of a full run; `--quick` divides them by 10. */
const FULL = { tinyTasks: 100_000, rows: 200_000, roundTrips: 2_000 } as const;

/** A run's sizes; randint's [low, high) of the matrix, and the counted range, low <= v <= high. */
export type PoolSizes = ReturnType<typeof poolSizes>;

function poolSizes(quick: boolean) {
  const scale = quick ? 10 : 1;
  return {
    workers: 2,
    tinyTasks: FULL.tinyTasks / scale,
    rows: FULL.rows / scale,
    columns: 5,
    roundTrips: FULL.roundTrips / scale,
    matrix: { low: 0, high: 10 },
    counted: { low: 4, high: 8 },
  };
}

/** Tiny tasks per second: the naive pool's apply, then multiproc's apply and map. */
async function tinyTasks(p: Parameters, s: PoolSizes): Promise<Section> {
  const n = s.tinyTasks;
  const items = Array.from({ length: n }, (_, i) => i);
  // Tasks per second of `run`, which must give `inc` of 0..n-1.
  const rate = (run: () => Promise<number[]>) =>
    repeat(p, async () => {
      const { result, seconds } = await timed(run);
      check(result.length === n && result[0] === 1 && result[n - 1] === n, `inc over ${n} items`);
      return n / seconds;
    });
  const applyAll = (pool: Pick<NaivePool, "apply">) => () =>
    Promise.all(items.map((i) => pool.apply(inc, [i])));
  const naive = figure({
    id: "tiny.naive_apply",
    label: "naive pool, 1 message/task",
    unit: "tasks/s",
    summary: await usePool(new NaivePool(s.workers), (pool) => rate(applyAll(pool))),
  });
  const [apply, map] = await usePool(startPool(s.workers), async (pool) => [
    await rate(applyAll(pool)),
    await rate(() => pool.map(inc, items)),
  ]);
  const compare = [{ name: "naive", figure: naive }];
  return {
    title: `Tiny tasks: ${formatInt(n)} × inc(x) = x + 1, ${s.workers} workers (tasks per second)`,
    figures: [
      naive,
      figure({
        id: "tiny.apply",
        label: "multiproc apply in Promise.all",
        unit: "tasks/s",
        summary: apply!,
        target: { kind: "min", value: 300_000 },
        compare,
      }),
      figure({
        id: "tiny.map",
        label: "multiproc map, default chunksize",
        unit: "tasks/s",
        summary: map!,
        compare,
      }),
    ],
    notes: [
      "naive: one { id, name, args } message per task to the workers in turn, resolved by id " +
      "(bench/suites/pool/naive_pool.ts)",
    ],
  };
}

/** Seconds to count per row: the serial loop, then multiproc's map, starmap and apply per row. */
async function countRows(p: Parameters, s: PoolSizes): Promise<Section> {
  const { rows: n, columns, matrix, counted: { low, high } } = s;
  const data = new RandomState(p.seed).randint(matrix.low, matrix.high, [n, columns]).data;
  const rows = Array.from(
    { length: n },
    (_, r) => Array.from(data.subarray(r * columns, (r + 1) * columns)),
  );
  const expected = rows.map((row) => countBetween(row, low, high));
  // Seconds of `run`, whose per-row counts must equal `expected`.
  const time = (run: () => Promise<number[]>) =>
    repeat(p, async () => {
      const { result, seconds } = await timed(run);
      check(
        result.length === n && result.every((v, i) => v === expected[i]),
        "per-row counts differ from the serial ones",
      );
      return seconds;
    });
  const serial = figure({
    id: "count.serial",
    label: "serial loop, main thread",
    unit: "s",
    summary: await time(() => Promise.resolve(rows.map(countRow))),
  });
  const tuples = rows.map((row): [number[], number, number] => [row, low, high]);
  const [map, starmap, apply] = await usePool(startPool(s.workers), async (pool) => [
    await time(() => pool.map(countRow, rows)),
    await time(() => pool.starmap(countBetween, tuples)),
    await time(() => Promise.all(rows.map((row) => pool.apply(countRow, [row])))),
  ]);
  const contender = (id: string, label: string, summary: Stat, target: Target | null = null) =>
    figure({
      id,
      label,
      unit: "s",
      summary,
      target,
      compare: [{ name: "serial", figure: serial }],
    });
  const total = expected.reduce((a, b) => a + b, 0);
  return {
    title: `Count values in [${low}, ${high}] per row over ${formatInt(n)} rows as number[][] ` +
      "(seconds)",
    figures: [
      serial,
      contender("count.map", "multiproc map, default chunksize", map!),
      contender("count.starmap", "multiproc starmap, default chunksize", starmap!),
      contender("count.apply", "multiproc apply per row in Promise.all", apply!, {
        kind: "max",
        value: 0.5 * n / FULL.rows,
      }),
    ],
    notes: [
      `seed ${p.seed}: randint(${matrix.low}, ${matrix.high}, [${formatInt(n)}, ${columns}]); ` +
      `${formatInt(total)} values in [${low}, ${high}] (checked for every method)`,
      ...(p.quick
        ? [
          `target scaled to the quick size: 0.5 s × ${formatInt(n)} / ${formatInt(FULL.rows)} rows`,
        ]
        : []),
    ],
  };
}

/** The pool suite. */
export const poolSuite: Suite = {
  name: "bench:pool",
  title: "pool benchmark",
  seed: 100,
  python: false,
  intro: (p: Parameters) => [
    `seed ${p.seed} · 2 workers · ${p.warmup} warm-up + ${p.runs} measured runs per ` +
    "figure · median [min – max] over runs · targets are informational",
  ],
  sizes: poolSizes,
  async *sections(p: Parameters) {
    const sizes = poolSizes(p.quick);
    for (const section of [tinyTasks, countRows, latency]) yield await section(p, sizes);
  },
};
