/**
 * Acceptance benchmark of the pool, with 2 workers: throughput of tiny tasks, a per-row count
 * over a seeded matrix, the latency of one round trip, and a pool's start-up. Every figure is
 * the median, with [min–max], over repeated runs after a warm-up, and is set against a baseline
 * measured in the same run: a naive one-message-per-task pool, or the serial loop.
 *
 * ```sh
 * deno task bench:pool                # full sizes, 7 runs
 * deno task bench:pool --quick        # sizes / 10, 2 runs (CI smoke)
 * deno task bench:pool --runs 11 --json bench.json
 * ```
 *
 * Targets are informational: a MISS is printed, never an exit code. Round-trip latency on a
 * virtual machine depends on which vCPUs the threads land on: see the note under that figure.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { Pool, RandomState } from "../mod.ts";
import { cpuShares, cpuSnapshot, environment, formatEnvironment, othersBusy } from "./bench/env.ts";
import { Echo } from "./bench/echo.ts";
import { NaivePool } from "./bench/naive_pool.ts";
import { type Figure, figure, formatFigure, header } from "./bench/report.ts";
import { interleave, median, repeat, type RunOptions } from "./bench/stats.ts";
import { countBetween, countRow, inc } from "./bench/work.ts";

/** The module whose exports the pool runs; it imports nothing, so workers start lean. */
const WORK_MODULE = new URL("./bench/work.ts", import.meta.url);
const SEED = 100;
const WORKERS = 2;
const FULL = { tinyTasks: 100_000, rows: 200_000, roundTrips: 2_000 } as const;
const COLUMNS = 5;
const VALUES = [0, 10] as const; // randint's [low, high)
const COUNTED = [4, 8] as const; // counted values: low <= v <= high
// Let a terminated pool's threads wind down before the next start-up is timed.
const SETTLE_MS = 50;

/** Parameters of one run of the benchmark. */
export interface Parameters {
  readonly seed: number;
  readonly workers: number;
  readonly runs: number;
  readonly warmup: number;
  readonly quick: boolean;
  readonly sizes: {
    readonly tinyTasks: number;
    readonly rows: number;
    readonly columns: number;
    readonly roundTrips: number;
  };
  readonly matrix: { readonly low: number; readonly high: number };
  readonly counted: { readonly low: number; readonly high: number };
}

interface Section {
  readonly title: string;
  readonly baselineName: string;
  readonly figures: Figure[];
  readonly notes: string[];
}

function usage(): string {
  return [
    "Usage: deno task bench:pool [--runs N] [--quick] [--json FILE]",
    "  --runs N     measured runs per figure (default 7; 2 with --quick)",
    "  --quick      sizes / 10 and 2 runs, for a CI smoke test",
    "  --json FILE  also write every figure, the environment and the parameters as JSON",
  ].join("\n");
}

function parameters(args: string[]): { params: Parameters; json: string | null } {
  const { values } = parseArgs({
    args,
    options: {
      runs: { type: "string" },
      quick: { type: "boolean", default: false },
      json: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    console.log(usage());
    Deno.exit(0);
  }
  const quick = values.quick === true;
  let runs = quick ? 2 : 7;
  if (values.runs !== undefined) {
    runs = Number(values.runs);
    if (!Number.isInteger(runs) || runs < 1) {
      throw new RangeError(`--runs must be a positive integer, received "${values.runs}"`);
    }
  }
  const scale = quick ? 10 : 1;
  return {
    params: {
      seed: SEED,
      workers: WORKERS,
      runs,
      warmup: 1,
      quick,
      sizes: {
        tinyTasks: FULL.tinyTasks / scale,
        rows: FULL.rows / scale,
        columns: COLUMNS,
        roundTrips: FULL.roundTrips / scale,
      },
      matrix: { low: VALUES[0], high: VALUES[1] },
      counted: { low: COUNTED[0], high: COUNTED[1] },
    },
    json: values.json ?? null,
  };
}

function fmtInt(n: number): string {
  return n.toLocaleString("en-US");
}

function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(`benchmark result check failed: ${what}`);
}

function percent(share: number | null): string {
  return share === null ? "unknown" : `${Math.round(share * 100)}%`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Tasks per second of `run`, which must return `inc` applied to 0..n-1. */
async function rate(n: number, run: () => Promise<number[]>): Promise<number> {
  const start = performance.now();
  const out = await run();
  const seconds = (performance.now() - start) / 1000;
  check(out.length === n && out[0] === 1 && out[n - 1] === n, `inc over ${n} items`);
  return n / seconds;
}

async function tinyTasks(p: Parameters, opts: RunOptions): Promise<Section> {
  const n = p.sizes.tinyTasks;
  const items = Array.from({ length: n }, (_, i) => i);
  const figures: Figure[] = [];

  const naive = new NaivePool(p.workers);
  let baseline: Figure;
  try {
    baseline = figure({
      id: "tiny.naive_apply",
      label: "naive pool, 1 message/task",
      unit: "tasks/s",
      summary: await repeat(
        opts,
        () => rate(n, () => Promise.all(items.map((i) => naive.apply(inc, [i])))),
      ),
    });
  } finally {
    naive.terminate();
  }
  figures.push(baseline);

  const pool = new Pool({ processes: p.workers, module: WORK_MODULE });
  try {
    figures.push(figure({
      id: "tiny.apply",
      label: "multiproc apply in Promise.all",
      unit: "tasks/s",
      summary: await repeat(
        opts,
        () => rate(n, () => Promise.all(items.map((i) => pool.apply(inc, [i])))),
      ),
      target: { kind: "min", value: 300_000 },
      baseline,
    }));
    figures.push(figure({
      id: "tiny.map",
      label: "multiproc map, default chunksize",
      unit: "tasks/s",
      summary: await repeat(opts, () => rate(n, () => pool.map(inc, items))),
      baseline,
    }));
  } finally {
    await pool.terminate();
  }
  return {
    title: `Tiny tasks: ${fmtInt(n)} × inc(x) = x + 1, ${p.workers} workers (tasks per second)`,
    baselineName: "naive",
    figures,
    notes: [
      "naive: one { id, name, args } message per task to the workers in turn, resolved by id " +
      "(tasks/bench/naive_pool.ts)",
    ],
  };
}

/** Seconds taken by `run`, whose per-row counts must equal `expected`. */
async function seconds(expected: readonly number[], run: () => Promise<number[]>) {
  const start = performance.now();
  const out = await run();
  const s = (performance.now() - start) / 1000;
  check(
    out.length === expected.length && out.every((v, i) => v === expected[i]),
    "per-row counts differ from the serial ones",
  );
  return s;
}

async function countRows(p: Parameters, opts: RunOptions): Promise<Section> {
  const { rows: n, columns } = p.sizes;
  const matrix = new RandomState(p.seed).randint(p.matrix.low, p.matrix.high, [n, columns]);
  const rows: number[][] = [];
  for (let r = 0; r < n; r++) {
    rows.push(Array.from(matrix.data.subarray(r * columns, (r + 1) * columns)));
  }
  const { low, high } = p.counted;
  const tuples = rows.map((row): [number[], number, number] => [row, low, high]);
  const expected = rows.map((row) => countBetween(row, low, high));
  const total = expected.reduce((a, b) => a + b, 0);
  const figures: Figure[] = [];

  const serial = figure({
    id: "count.serial",
    label: "serial loop, main thread",
    unit: "s",
    summary: await repeat(opts, () => seconds(expected, () => Promise.resolve(rows.map(countRow)))),
  });
  figures.push(serial);

  const targetSeconds = 0.5 * n / FULL.rows;
  const pool = new Pool({ processes: p.workers, module: WORK_MODULE });
  try {
    figures.push(figure({
      id: "count.map",
      label: "multiproc map, default chunksize",
      unit: "s",
      summary: await repeat(opts, () => seconds(expected, () => pool.map(countRow, rows))),
      baseline: serial,
    }));
    figures.push(figure({
      id: "count.starmap",
      label: "multiproc starmap, default chunksize",
      unit: "s",
      summary: await repeat(
        opts,
        () => seconds(expected, () => pool.starmap(countBetween, tuples)),
      ),
      baseline: serial,
    }));
    figures.push(figure({
      id: "count.apply",
      label: "multiproc apply per row in Promise.all",
      unit: "s",
      summary: await repeat(
        opts,
        () => seconds(expected, () => Promise.all(rows.map((row) => pool.apply(countRow, [row])))),
      ),
      target: { kind: "max", value: targetSeconds },
      baseline: serial,
    }));
  } finally {
    await pool.terminate();
  }
  const notes = [
    `seed ${p.seed}: randint(${p.matrix.low}, ${p.matrix.high}, [${fmtInt(n)}, ${columns}]); ` +
    `${fmtInt(total)} values in [${low}, ${high}] (checked for every method)`,
  ];
  if (p.quick) notes.push(`target scaled to the quick size: 0.5 s × ${fmtInt(n)} / 200,000 rows`);
  return {
    title: `Count values in [${low}, ${high}] per row over ${fmtInt(n)} rows as number[][] ` +
      `(seconds)`,
    baselineName: "serial",
    figures,
    notes,
  };
}

interface TripStats {
  median: number;
  mean: number;
}

/** `trips` sequential awaited calls; the median and mean trip in µs. */
async function roundTrips(trips: number, call: (i: number) => Promise<number>) {
  const times = new Array<number>(trips);
  const start = performance.now();
  for (let i = 0; i < trips; i++) {
    const t0 = performance.now();
    const value = await call(i);
    times[i] = (performance.now() - t0) * 1000;
    if (value !== i + 1) check(false, `round trip ${i} returned ${value}`);
  }
  const total = (performance.now() - start) * 1000;
  return { median: median(times), mean: total / trips } satisfies TripStats;
}

/** One run of round trips: records the mean trip of measured runs, returns the median trip. */
function tripRun(trips: number, means: number[], call: (i: number) => Promise<number>) {
  return async (run: number) => {
    const stats = await roundTrips(trips, call);
    if (run >= 0) means.push(stats.mean);
    return stats.median;
  };
}

/** One start-up run: `start` makes a pool and returns its first result and how to stop it. */
function startupRun(start: () => { first: Promise<number>; stop: () => unknown }) {
  return async () => {
    await sleep(SETTLE_MS);
    const begin = performance.now();
    const pool = start();
    try {
      check(await pool.first === 2, "start-up result");
      return performance.now() - begin;
    } finally {
      await pool.stop();
    }
  };
}

async function latency(p: Parameters, opts: RunOptions): Promise<Section> {
  const trips = p.sizes.roundTrips;
  const means = { echo: [] as number[], naive: [] as number[], multiproc: [] as number[] };
  const echo = new Echo();
  const naive = new NaivePool(p.workers);
  const pool = new Pool({ processes: p.workers, module: WORK_MODULE });
  let tripTimes;
  try {
    tripTimes = await interleave(opts, {
      echo: tripRun(trips, means.echo, (i) => echo.call(i)),
      naive: tripRun(trips, means.naive, (i) => naive.apply(inc, [i])),
      multiproc: tripRun(trips, means.multiproc, (i) => pool.apply(inc, [i])),
    });
  } finally {
    echo.terminate();
    naive.terminate();
    await pool.terminate();
  }

  const startTimes = await interleave(opts, {
    naive: startupRun(() => {
      const pool = new NaivePool(p.workers);
      return { first: pool.apply(inc, [1]), stop: () => pool.terminate() };
    }),
    multiproc: startupRun(() => {
      const pool = new Pool({ processes: p.workers, module: WORK_MODULE });
      return { first: pool.apply(inc, [1]), stop: () => pool.terminate() };
    }),
  });

  const naiveTrip = figure({
    id: "latency.naive_round_trip",
    label: "naive pool round trip",
    unit: "µs",
    summary: tripTimes.naive,
    extra: { meanPerRun: means.naive },
  });
  const naiveStart = figure({
    id: "latency.naive_startup",
    label: "naive pool start-up to first result",
    unit: "ms",
    summary: startTimes.naive,
  });
  const figures = [
    figure({
      id: "latency.echo_round_trip",
      label: "raw Worker echo of a number (floor)",
      unit: "µs",
      summary: tripTimes.echo,
      role: "floor",
      extra: { meanPerRun: means.echo },
    }),
    naiveTrip,
    figure({
      id: "latency.round_trip",
      label: "multiproc apply round trip, warm",
      unit: "µs",
      summary: tripTimes.multiproc,
      target: { kind: "max", value: 100 },
      baseline: naiveTrip,
      extra: { meanPerRun: means.multiproc },
    }),
    naiveStart,
    figure({
      id: "latency.startup",
      label: "multiproc start-up to first result",
      unit: "ms",
      summary: startTimes.multiproc,
      target: { kind: "max", value: 40 },
      baseline: naiveStart,
    }),
  ];

  const typical = (xs: number[]) => median(xs).toFixed(1);
  return {
    title: `Latency, ${p.workers} workers: one awaited apply (median of ${fmtInt(trips)} ` +
      "sequential trips per run) and start-up (new pool → first apply resolved)",
    baselineName: "naive",
    figures,
    notes: [
      `mean trip, median over runs: floor ${typical(means.echo)} µs, naive ` +
      `${typical(means.naive)} µs, multiproc ${typical(means.multiproc)} µs`,
      "runs of the floor, naive and multiproc (and of both start-ups) are interleaved",
      "floor: a bare postMessage round trip of a number to one worker. A round trip is mostly " +
      "two thread wake-ups; on a virtual machine, waking a thread on another, halted vCPU costs " +
      "tens of µs, so trips vary 3–5× with thread placement and load (try `taskset -c 0`)",
      "start-up: the pool's module is tasks/bench/work.ts, which imports nothing; each run " +
      `starts after a ${SETTLE_MS} ms pause and terminates its pool untimed`,
    ],
  };
}

function printSection(section: Section): void {
  console.log(`\n${section.title}`);
  console.log(header());
  for (const f of section.figures) {
    console.log(formatFigure(f, f.baseline === null ? null : section.baselineName));
  }
  for (const note of section.notes) console.log(`  · ${note}`);
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parameters(Deno.args);
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : error}\n${usage()}`);
    Deno.exit(2);
  }
  const { params: p, json } = parsed;
  const env = environment();
  const opts: RunOptions = { warmup: p.warmup, runs: p.runs };
  console.log(`multiproc pool benchmark${p.quick ? " (--quick)" : ""}`);
  console.log(formatEnvironment(env));
  console.log(
    `seed ${p.seed} · ${p.workers} workers · ${p.warmup} warm-up + ${p.runs} measured runs per ` +
      "figure · median [min – max] over runs · targets are informational",
  );

  const othersBefore = await othersBusy();
  console.log(`other processes' CPU use before start: ${percent(othersBefore)} of all cores`);
  const startCpu = cpuSnapshot();
  const sections: Section[] = [];
  for (const run of [tinyTasks, countRows, latency]) {
    const section = await run(p, opts);
    printSection(section);
    sections.push(section);
  }

  const othersDuring = cpuShares(startCpu, cpuSnapshot())?.others ?? null;
  console.log(
    `\nother processes' CPU use during the run: ${percent(othersDuring)} of all cores` +
      (othersDuring !== null && othersDuring > 0.1
        ? " · warning: the machine was not idle; figures are slower and noisier than they should be"
        : ""),
  );
  const figures = sections.flatMap((s) => s.figures);
  const targeted = figures.filter((f) => f.pass !== null);
  const missed = targeted.filter((f) => f.pass === false);
  console.log(
    `Targets: ${targeted.length - missed.length}/${targeted.length} PASS` +
      (missed.length === 0 ? "" : ` · MISS: ${missed.map((f) => f.id).join(", ")}`),
  );

  if (json !== null) {
    const report = {
      benchmark: "bench:pool",
      parameters: p,
      environment: env,
      load: { othersCpuBeforeStart: othersBefore, othersCpuDuringRun: othersDuring },
      ratio: "speed-up over the baseline, from medians: rate / baseline rate, or " +
        "baseline time / time (above 1: faster than the baseline)",
      sections: sections.map((s) => ({ title: s.title, baseline: s.baselineName, notes: s.notes })),
      figures,
    };
    await Deno.writeTextFile(json, JSON.stringify(report, null, 2) + "\n");
    console.log(`JSON written to ${json}`);
  }
}

if (import.meta.main) await main();
