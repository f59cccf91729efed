/**
 * The cluster suite's section (d): notebook 003's per-row count (examples/pool.ts: its data, its
 * tasks and its `countingMethods`) through `map` and through one `apply` per row, on the cluster
 * Pool beside the local Pool, runs interleaved.
 *
 * @module
 */
import type { Pool } from "../../../mod.ts";
import { countingMethods, howmanyWithinRange, makeData } from "../../../examples/pool.ts";
import { figure, formatInt, type Section } from "../../harness/figure.ts";
import { check, interleave, median, timed } from "../../harness/stats.ts";
import type { Parameters } from "../../harness/suite.ts";
import { bounded, type ClusterSizes, type Contenders, counted, where } from "./contenders.ts";

/** The longest one count (200,000 rows, one method) may take. */
const BOUND_MS = 600_000;

/** (d) Notebook 003's per-row count through `map` and one `apply` per row: seconds. */
export async function notebookCount(
  c: Contenders,
  p: Parameters,
  s: ClusterSizes,
): Promise<Section> {
  const data = makeData(s.rows, s.columns, p.seed);
  const expected = data.map((row) => howmanyWithinRange(row, 4, 8));
  const entries = { map: [] as number[], apply: [] as number[] };
  const time = async (pool: Pool, method: "map" | "apply"): Promise<number> => {
    const run = countingMethods(pool, data).find((m) => m.figure === method)!.run;
    const { result, seconds } = await timed(() => bounded(c, pool, method, BOUND_MS, run()));
    const same = result.length === expected.length && result.every((v, i) => v === expected[i]);
    check(same, `${where(c, pool)} ${method}: per-row counts differ from the serial ones`);
    return seconds;
  };
  const stats = await interleave(p, {
    localMap: () => time(c.local, "map"),
    clusterMap: (run) => counted(c, run, entries.map, () => time(c.cluster, "map")),
    localApply: () => time(c.local, "apply"),
    clusterApply: (run) => counted(c, run, entries.apply, () => time(c.cluster, "apply")),
  });
  const localMap = figure({
    id: "count.local_map",
    label: "local Pool map",
    unit: "s",
    summary: stats.localMap,
  });
  const localApply = figure({
    id: "count.local_apply",
    label: "local Pool apply per row",
    unit: "s",
    summary: stats.localApply,
  });
  return {
    title: `(d) Notebook 003: values in [4, 8] per row of ${formatInt(s.rows)} × ${s.columns} ` +
      "(seconds)",
    figures: [
      localMap,
      figure({
        id: "count.cluster_map",
        label: "cluster Pool map",
        unit: "s",
        summary: stats.clusterMap,
        compare: [{ name: "local", figure: localMap }],
        extra: { entriesPerRun: entries.map },
      }),
      localApply,
      figure({
        id: "count.cluster_apply",
        label: "cluster Pool apply per row",
        unit: "s",
        summary: stats.clusterApply,
        compare: [{ name: "local", figure: localApply }],
        extra: { entriesPerRun: entries.apply },
      }),
    ],
    notes: [
      `seed ${p.seed}: makeData(${formatInt(s.rows)}, ${s.columns}) and the tasks of ` +
      "examples/pool.ts (countingMethods' map and apply); every result checked",
      `task entries per cluster run: map ${median(entries.map)}, apply per row ` +
      `${median(entries.apply)} (median)`,
    ],
  };
}
