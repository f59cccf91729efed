/**
 * Section of the pool suite: the latency of one awaited apply against a naive pool and a bare
 * worker echo (the floor), and a pool's start-up to its first result.
 *
 * @module
 */
import { figure, formatInt, type Section } from "../../harness/figure.ts";
import { check, interleave, median, roundTrips } from "../../harness/stats.ts";
import type { Parameters } from "../../harness/suite.ts";
import type { PoolSizes } from "./index.ts";
import { echoWorker, NaivePool } from "./naive_pool.ts";
import { startPool, usePool } from "./pools.ts";
import { inc } from "./work.ts";

// Let a terminated pool's threads wind down before the next start-up is timed.
const SETTLE_MS = 50;

/** Round trips of the floor, naive and multiproc, then both pools' start-up, runs interleaved. */
export async function latency(p: Parameters, s: PoolSizes): Promise<Section> {
  const means = { echo: [] as number[], naive: [] as number[], multiproc: [] as number[] };
  // A run of round trips: keeps the mean trip of a measured run, gives the median trip.
  const trips = (name: keyof typeof means, call: (i: number) => Promise<number>) => {
    return async (run: number): Promise<number> => {
      const stats = await roundTrips(s.roundTrips, call, (i) => i + 1);
      if (run >= 0) means[name].push(stats.mean);
      return stats.median;
    };
  };
  const trip = await usePool(
    echoWorker(),
    (echo) =>
      usePool(
        new NaivePool(s.workers),
        (naive) =>
          usePool(startPool(s.workers), (pool) =>
            interleave(p, {
              echo: trips("echo", (i) => echo.call(i)),
              naive: trips("naive", (i) => naive.apply(inc, [i])),
              multiproc: trips("multiproc", (i) => pool.apply(inc, [i])),
            })),
      ),
  );
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
  const naiveTrip = figure({
    id: "latency.naive_round_trip",
    label: "naive pool round trip",
    unit: "µs",
    summary: trip.naive,
    extra: { meanPerRun: means.naive },
  });
  const naiveStart = figure({
    id: "latency.naive_startup",
    label: "naive pool start-up to first result",
    unit: "ms",
    summary: start.naive,
  });
  const typical = (name: keyof typeof means) => median(means[name]).toFixed(1);
  return {
    title: `Latency, ${s.workers} workers: one awaited apply (median of ` +
      `${formatInt(s.roundTrips)} sequential trips per run) and start-up (new pool → first ` +
      "apply resolved)",
    figures: [
      figure({
        id: "latency.echo_round_trip",
        label: "raw Worker echo of a number (floor)",
        unit: "µs",
        summary: trip.echo,
        role: "floor",
        extra: { meanPerRun: means.echo },
      }),
      naiveTrip,
      figure({
        id: "latency.round_trip",
        label: "multiproc apply round trip, warm",
        unit: "µs",
        summary: trip.multiproc,
        target: { kind: "max", value: 100 },
        compare: [{ name: "naive", figure: naiveTrip }],
        extra: { meanPerRun: means.multiproc },
      }),
      naiveStart,
      figure({
        id: "latency.startup",
        label: "multiproc start-up to first result",
        unit: "ms",
        summary: start.multiproc,
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
