/**
 * The pool suite (`deno task bench:pool`), 2 workers: tiny-task throughput, a per-row count over
 * a seeded matrix, one round trip's latency and a pool's start-up, each against a baseline of
 * the same run (a naive one-message-per-task pool, or the serial loop).
 *
 * @module
 */
import { random } from "../../../numeric.ts";
import { type Figure, figure, formatInt, type Section, type Target } from "../../harness/figure.ts";
import { check, interleave, median, repeat, roundTrips, timed } from "../../harness/stats.ts";
import type { Parameters, Suite } from "../../harness/suite.ts";
import { echoWorker, NaivePool } from "./naive_pool.ts";
import { startPool, usePool } from "./pools.ts";
import { startup } from "./startup.ts";
import { countBetween, countRow, inc } from "./work.ts";

/** Sizes of a full run; `--quick` divides them by 10. */
const FULL = { tinyTasks: 100_000, rows: 200_000, roundTrips: 2_000 } as const;
// Let a terminated pool's threads wind down before the next start-up is timed.
const SETTLE_MS = 50;

/** A run's sizes; randint's [low, high) of the matrix, and the counted range, low <= v <= high. */
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
type PoolSizes = ReturnType<typeof poolSizes>;

/** What a figure may add: a target, the figures it is compared with, a role, extra data. */
interface More {
  target?: Target;
  compare?: { name: string; figure: Figure }[];
  role?: string;
  extra?: Record<string, unknown>;
}

/** A figure of `unit`, with what `more` adds. */
function fig(
  id: string,
  label: string,
  unit: Figure["unit"],
  summary: Figure["summary"],
  more: More = {},
) {
  return figure({ id, label, unit, summary, ...more });
}

/** Tiny tasks per second: the naive pool's apply, then multiproc's apply and map. */
async function tinyTasks(p: Parameters, s: PoolSizes): Promise<Section> {
  const n = s.tinyTasks;
  const items = Array.from({ length: n }, (_, i) => i);
  const rate = (run: () => Promise<number[]>) =>
    repeat(p, async () => {
      const { result, seconds } = await timed(run);
      check(result.length === n && result[0] === 1 && result[n - 1] === n, `inc over ${n} items`);
      return n / seconds;
    });
  const applyAll = (pool: Pick<NaivePool, "apply">) => () =>
    Promise.all(items.map((i) => pool.apply(inc, [i])));
  const naiveRate = await usePool(new NaivePool(s.workers), (pool) => rate(applyAll(pool)));
  const naive = fig("tiny.naive_apply", "naive pool, 1 message/task", "tasks/s", naiveRate);
  const [apply, map] = await usePool(startPool(s.workers), async (pool) => [
    await rate(applyAll(pool)),
    await rate(() => pool.map(inc, items)),
  ]);
  const compare = [{ name: "naive", figure: naive }];
  return {
    title: `Tiny tasks: ${formatInt(n)} × inc(x) = x + 1, ${s.workers} workers (tasks per second)`,
    figures: [
      naive,
      fig("tiny.apply", "multiproc apply in Promise.all", "tasks/s", apply!, {
        target: { kind: "min", value: 300_000 },
        compare,
      }),
      fig("tiny.map", "multiproc map, default chunksize", "tasks/s", map!, { compare }),
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
  const data = new random.RandomState(p.seed).randint(matrix.low, matrix.high, [n, columns]).data;
  const rows = Array.from(
    { length: n },
    (_, r) => Array.from(data.subarray(r * columns, (r + 1) * columns)),
  );
  const expected = rows.map((row) => countBetween(row, low, high));
  const time = (run: () => Promise<number[]>) =>
    repeat(p, async () => {
      const { result, seconds } = await timed(run);
      const same = result.length === n && result.every((v, i) => v === expected[i]);
      check(same, "per-row counts differ from the serial ones");
      return seconds;
    });
  const serialTime = await time(() => Promise.resolve(rows.map(countRow)));
  const serial = fig("count.serial", "serial loop, main thread", "s", serialTime);
  const tuples = rows.map((row): [number[], number, number] => [row, low, high]);
  const [map, starmap, apply] = await usePool(startPool(s.workers), async (pool) => [
    await time(() => pool.map(countRow, rows)),
    await time(() => pool.starmap(countBetween, tuples)),
    await time(() => Promise.all(rows.map((row) => pool.apply(countRow, [row])))),
  ]);
  const compare = [{ name: "serial", figure: serial }];
  const target: Target = { kind: "max", value: 0.5 * n / FULL.rows };
  return {
    title: `Count values in [${low}, ${high}] per row over ${formatInt(n)} rows as number[][] ` +
      "(seconds)",
    figures: [
      serial,
      fig("count.map", "multiproc map, default chunksize", "s", map!, { compare }),
      fig("count.starmap", "multiproc starmap, default chunksize", "s", starmap!, { compare }),
      fig("count.apply", "multiproc apply per row in Promise.all", "s", apply!, {
        target,
        compare,
      }),
    ],
    notes: [
      `seed ${p.seed}: randint(${matrix.low}, ${matrix.high}, [${formatInt(n)}, ${columns}]); ` +
      `${formatInt(expected.reduce((a, b) => a + b, 0))} values in [${low}, ${high}] (checked ` +
      "for every method)",
      ...(p.quick
        ? [
          `target scaled to the quick size: 0.5 s × ${formatInt(n)} / ${formatInt(FULL.rows)} rows`,
        ]
        : []),
    ],
  };
}

/** Round trips of the floor, naive and multiproc, then both pools' start-up, runs interleaved. */
async function latency(p: Parameters, s: PoolSizes): Promise<Section> {
  const means = { echo: [] as number[], naive: [] as number[], multiproc: [] as number[] };
  // A run of round trips: keeps the mean trip of a measured run, gives the median trip.
  const trips =
    (name: keyof typeof means, call: (i: number) => Promise<number>) =>
    async (run: number): Promise<number> => {
      const stats = await roundTrips(s.roundTrips, call, (i) => i + 1);
      if (run >= 0) means[name].push(stats.mean);
      return stats.median;
    };
  const [echo, naive, pool] = [echoWorker(), new NaivePool(s.workers), startPool(s.workers)];
  const trip = await interleave(p, {
    echo: trips("echo", (i) => echo.call(i)),
    naive: trips("naive", (i) => naive.apply(inc, [i])),
    multiproc: trips("multiproc", (i) => pool.apply(inc, [i])),
  }).finally(() => {
    echo.terminate();
    naive.terminate();
    return pool.terminate();
  });
  // A start-up run: ms from making a pool to its first apply resolving; stops it untimed.
  const startup = (start: () => Pick<NaivePool, "apply" | "terminate">) => async () => {
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const begin = performance.now();
    return await usePool(start(), async (pool) => {
      check(await pool.apply(inc, [1]) === 2, "start-up result");
      return performance.now() - begin;
    });
  };
  const start = await interleave(p, {
    naive: startup(() => new NaivePool(s.workers)),
    multiproc: startup(() => startPool(s.workers)),
  });
  const naiveTrip = fig("latency.naive_round_trip", "naive pool round trip", "µs", trip.naive, {
    extra: { meanPerRun: means.naive },
  });
  const naiveStart = fig(
    "latency.naive_startup",
    "naive pool start-up to first result",
    "ms",
    start.naive,
  );
  const typical = (name: keyof typeof means) => median(means[name]).toFixed(1);
  const floorTrip = fig(
    "latency.echo_round_trip",
    "raw Worker echo of a number (floor)",
    "µs",
    trip.echo,
    {
      role: "floor",
      extra: { meanPerRun: means.echo },
    },
  );
  return {
    title: `Latency, ${s.workers} workers: one awaited apply (median of ` +
      `${formatInt(s.roundTrips)} sequential trips per run) and start-up (new pool → first ` +
      "apply resolved)",
    figures: [
      floorTrip,
      naiveTrip,
      fig("latency.round_trip", "multiproc apply round trip, warm", "µs", trip.multiproc, {
        target: { kind: "max", value: 100 },
        // Issue 20: never worse than the floor (a ratio of at least 1 against it).
        compare: [{ name: "naive", figure: naiveTrip }, { name: "floor", figure: floorTrip }],
        extra: { meanPerRun: means.multiproc },
      }),
      naiveStart,
      fig("latency.startup", "multiproc start-up to first result", "ms", start.multiproc, {
        target: { kind: "max", value: 40 },
        compare: [{ name: "naive", figure: naiveStart }],
      }),
    ],
    notes: [
      `mean trip, median over runs: floor ${typical("echo")} µs, naive ${typical("naive")} µs, ` +
      `multiproc ${typical("multiproc")} µs`,
      "runs of the floor, naive and multiproc (and of both start-ups) are interleaved",
      "floor: a bare postMessage round trip of a number to one worker. A round trip is mostly " +
      "two thread wake-ups; on a virtual machine, waking a thread on another, halted vCPU costs " +
      "tens of µs, so trips vary 3–5× with thread placement and load (try `taskset -c 0`)",
      "start-up: the pool's module is bench/suites/pool/work.ts, which imports nothing; each run " +
      `starts after a ${SETTLE_MS} ms pause and terminates its pool untimed`,
    ],
  };
}

/** The pool suite. */
export const poolSuite: Suite = {
  name: "bench:pool",
  title: "pool benchmark",
  seed: 100,
  python: true,
  intro: (p: Parameters) => [
    `seed ${p.seed} · 2 workers · ${p.warmup} warm-up + ${p.runs} measured runs per ` +
    "figure · median [min – max] over runs · targets are informational",
  ],
  sizes: poolSizes,
  async *sections(p: Parameters) {
    const sizes = poolSizes(p.quick);
    for (const section of [tinyTasks, countRows, latency, startup]) yield await section(p, sizes);
  },
};
