/**
 * The cluster suite's sections (a)–(c), each a cluster Pool's figures beside the local Pool's of
 * the same run, runs interleaved: tiny tasks through `map`, one awaited `apply`, and 100
 * `applyAsync` made in one tick (the task entries they travelled in, counted on the stream).
 *
 * @module
 */
import type { Pool } from "../../../mod.ts";
import { figure, formatInt, type Section } from "../../harness/figure.ts";
import { check, interleave, roundTrips, type Stat, summarize, timed } from "../../harness/stats.ts";
import type { Parameters } from "../../harness/suite.ts";
import { inc } from "../pool/work.ts";
import { bounded, type ClusterSizes, type Contenders, counted, where } from "./contenders.ts";

/** The longest one measured call (a whole map, one apply, one burst) may take. */
const BOUND_MS = 60_000;

const ratioNote = (local: Stat, cluster: Stat, unit: string): string =>
  `local ${local.median.toPrecision(3)} ${unit}, cluster ${cluster.median.toPrecision(3)} ${unit}`;

/** (a) `n` tiny tasks `inc(x)` through `map`, default chunksize: tasks per second. */
export async function tinyMap(c: Contenders, p: Parameters, s: ClusterSizes): Promise<Section> {
  const n = s.tinyTasks;
  const items = Array.from({ length: n }, (_, i) => i);
  const entries: number[] = [];
  const rate = async (pool: Pool, what: string): Promise<number> => {
    const { result, seconds } = await timed(() =>
      bounded(c, pool, what, BOUND_MS, pool.map(inc, items))
    );
    check(
      result.length === n && result[0] === 1 && result[n - 1] === n,
      `${where(c, pool)} ${what} over ${n}`,
    );
    return n / seconds;
  };
  const stats = await interleave(p, {
    local: () => rate(c.local, "map"),
    cluster: (run) => counted(c, run, entries, () => rate(c.cluster, "map")),
  });
  const local = figure({
    id: "tiny.local_map",
    label: "local Pool map",
    unit: "tasks/s",
    summary: stats.local,
  });
  return {
    title: `(a) ${formatInt(n)} tiny tasks inc(x) through map, default chunksize, ` +
      `${s.workers} workers (tasks per second)`,
    figures: [
      local,
      figure({
        id: "tiny.cluster_map",
        label: "cluster Pool map, 2 loopback workers",
        unit: "tasks/s",
        summary: stats.cluster,
        target: { kind: "min", value: 100_000 },
        compare: [{ name: "local", figure: local }],
        extra: { entriesPerRun: entries },
      }),
    ],
    notes: [`task entries per cluster map: ${entries.join(", ")} (one per chunk)`],
  };
}

/** (b) One awaited `apply(inc, [i])` after another: the median trip of each run, in ms. */
export async function roundTrip(c: Contenders, p: Parameters, s: ClusterSizes): Promise<Section> {
  const trips = (pool: Pool, what: string) => async (): Promise<number> => {
    const call = (i: number) => bounded(c, pool, what, BOUND_MS, pool.apply(inc, [i]));
    return (await roundTrips(s.roundTrips, call, (i) => i + 1)).median / 1000;
  };
  c.workers.checkAlive();
  const stats = await interleave(p, {
    local: trips(c.local, "apply"),
    cluster: trips(c.cluster, "apply"),
  });
  const local = figure({
    id: "trip.local",
    label: "local Pool apply",
    unit: "ms",
    summary: stats.local,
  });
  return {
    title:
      `(b) One awaited apply round trip (median of ${s.roundTrips} sequential calls per run, ms)`,
    figures: [
      local,
      figure({
        id: "trip.cluster",
        label: "cluster Pool apply",
        unit: "ms",
        summary: stats.cluster,
        target: { kind: "max", value: 3 },
        compare: [{ name: "local", figure: local }],
      }),
    ],
    notes: [ratioNote(stats.local, stats.cluster, "ms")],
  };
}

/** (c) `oneTick` applyAsync made in one tick: the entries they travelled in, and the time. */
export async function oneTick(c: Contenders, p: Parameters, s: ClusterSizes): Promise<Section> {
  const k = s.oneTick;
  const entries: number[] = [];
  const burst = async (pool: Pool, what: string): Promise<number> => {
    const start = performance.now();
    // Every call is made before the first await: one tick.
    const results = Array.from({ length: k }, (_, i) => pool.applyAsync(inc, [i]));
    const values = await bounded(c, pool, what, BOUND_MS, Promise.all(results.map((r) => r.get())));
    const ms = performance.now() - start;
    check(values.every((v, i) => v === i + 1), `${where(c, pool)} ${what}: results`);
    return ms;
  };
  const stats = await interleave(p, {
    local: () => burst(c.local, `${k} applyAsync`),
    cluster: (run) => counted(c, run, entries, () => burst(c.cluster, `${k} applyAsync`)),
  });
  const local = figure({
    id: "tick.local_ms",
    label: "local Pool, all settled",
    unit: "ms",
    summary: stats.local,
  });
  return {
    title: `(c) ${k} applyAsync(inc) made in one tick: task entries on the stream, and ms until ` +
      "all settle",
    figures: [
      figure({
        id: "tick.cluster_entries",
        label: "cluster Pool: task entries added",
        unit: "entries",
        summary: summarize(entries),
        target: { kind: "max", value: 2 },
        extra: { entriesPerRun: entries },
      }),
      local,
      figure({
        id: "tick.cluster_ms",
        label: "cluster Pool, all settled",
        unit: "ms",
        summary: stats.cluster,
        compare: [{ name: "local", figure: local }],
      }),
    ],
    notes: [
      `entries counted from XINFO STREAM's entries-added before and after each run: ` +
      `${entries.join(", ")} (max ${Math.max(...entries)})`,
    ],
  };
}
