/**
 * Section of the pool benchmark: the latency of one awaited apply against a naive pool and a
 * bare worker echo (the floor), and a pool's start-up to its first result.
 *
 * @module
 */
import { Echo } from "./echo.ts";
import { NaivePool } from "./naive_pool.ts";
import { type Figure, figure, formatInt } from "../../harness/figure.ts";
import { check, interleave, median, roundTrips, type Stat } from "../../harness/stats.ts";
import { inc } from "./work.ts";
import { startPool } from "./pools.ts";
import type { Section } from "../../harness/figure.ts";
import type { Parameters } from "../../harness/suite.ts";
import type { PoolSizes } from "./sizes.ts";

// Let a terminated pool's threads wind down before the next start-up is timed.
const SETTLE_MS = 50;

/** What both the multiproc and the naive pool offer: enough to run `inc` and stop. */
interface IncPool {
  apply(fn: typeof inc, args: [number]): Promise<number>;
  terminate(): unknown;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** One run of round trips: records the mean trip of measured runs, returns the median trip. */
function tripRun(
  trips: number,
  means: number[],
  call: (i: number) => Promise<number>,
): (run: number) => Promise<number> {
  return async (run: number) => {
    const stats = await roundTrips(trips, call, (i) => i + 1);
    if (run >= 0) means.push(stats.mean);
    return stats.median;
  };
}

/** One start-up run: ms from `start` making a pool to its first apply resolving; stops it untimed. */
function startupRun(start: () => IncPool): () => Promise<number> {
  return async () => {
    await sleep(SETTLE_MS);
    const begin = performance.now();
    const pool = start();
    try {
      check(await pool.apply(inc, [1]) === 2, "start-up result");
      return performance.now() - begin;
    } finally {
      await pool.terminate();
    }
  };
}

type Means = Record<"echo" | "naive" | "multiproc", number[]>;

/** Median trips (µs) of the floor, the naive pool and multiproc, runs interleaved. */
async function measureTrips(p: Parameters, s: PoolSizes, means: Means) {
  const trips = s.roundTrips;
  const echo = new Echo();
  const naive = new NaivePool(s.workers);
  const pool = startPool(s.workers);
  try {
    return await interleave(p, {
      echo: tripRun(trips, means.echo, (i) => echo.call(i)),
      naive: tripRun(trips, means.naive, (i) => naive.apply(inc, [i])),
      multiproc: tripRun(trips, means.multiproc, (i) => pool.apply(inc, [i])),
    });
  } finally {
    echo.terminate();
    naive.terminate();
    await pool.terminate();
  }
}

/** The round-trip figures: the floor, the naive pool, and multiproc against it. */
function tripFigures(trips: Record<keyof Means, Stat>, means: Means): Figure[] {
  const naive = figure({
    id: "latency.naive_round_trip",
    label: "naive pool round trip",
    unit: "µs",
    summary: trips.naive,
    extra: { meanPerRun: means.naive },
  });
  const floor = figure({
    id: "latency.echo_round_trip",
    label: "raw Worker echo of a number (floor)",
    unit: "µs",
    summary: trips.echo,
    role: "floor",
    extra: { meanPerRun: means.echo },
  });
  return [
    floor,
    naive,
    figure({
      id: "latency.round_trip",
      label: "multiproc apply round trip, warm",
      unit: "µs",
      summary: trips.multiproc,
      target: { kind: "max", value: 100 },
      compare: [{ name: "naive", figure: naive }],
      extra: { meanPerRun: means.multiproc },
    }),
  ];
}

/** The start-up figures: the naive pool's, and multiproc's against it. */
function startupFigures(starts: Record<"naive" | "multiproc", Stat>): Figure[] {
  const naive = figure({
    id: "latency.naive_startup",
    label: "naive pool start-up to first result",
    unit: "ms",
    summary: starts.naive,
  });
  return [
    naive,
    figure({
      id: "latency.startup",
      label: "multiproc start-up to first result",
      unit: "ms",
      summary: starts.multiproc,
      target: { kind: "max", value: 40 },
      compare: [{ name: "naive", figure: naive }],
    }),
  ];
}

/** Round trips of the floor, naive and multiproc, then both pools' start-up, runs interleaved. */
export async function latency(p: Parameters, s: PoolSizes): Promise<Section> {
  const means: Means = { echo: [], naive: [], multiproc: [] };
  const trips = await measureTrips(p, s, means);
  const starts = await interleave(p, {
    naive: startupRun(() => new NaivePool(s.workers)),
    multiproc: startupRun(() => startPool(s.workers)),
  });
  const typical = (xs: number[]) => median(xs).toFixed(1);
  return {
    title: `Latency, ${s.workers} workers: one awaited apply (median of ` +
      `${formatInt(s.roundTrips)} sequential trips per run) and start-up (new pool → first ` +
      "apply resolved)",
    figures: [...tripFigures(trips, means), ...startupFigures(starts)],
    notes: [
      `mean trip, median over runs: floor ${typical(means.echo)} µs, naive ` +
      `${typical(means.naive)} µs, multiproc ${typical(means.multiproc)} µs`,
      "runs of the floor, naive and multiproc (and of both start-ups) are interleaved",
      "floor: a bare postMessage round trip of a number to one worker. A round trip is mostly " +
      "two thread wake-ups; on a virtual machine, waking a thread on another, halted vCPU costs " +
      "tens of µs, so trips vary 3–5× with thread placement and load (try `taskset -c 0`)",
      "start-up: the pool's module is bench/suites/pool/work.ts, which imports nothing; each run " +
      `starts after a ${SETTLE_MS} ms pause and terminates its pool untimed`,
    ],
  };
}
