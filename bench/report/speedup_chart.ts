/**
 * The speed-up chart of a parallel exercise as a Vega-Lite spec: speed-up against worker count,
 * a line per runtime with min–max whiskers and values, the ideal `y = workers` dashed, and the
 * machine's core count marked.
 *
 * @module
 */
import type { TopLevelSpec } from "npm:vega-lite@6.4.1";
import type { BenchResults, ExerciseResult } from "../suites/exercises/types.ts";
import { COLORS, formatRatio } from "./format.ts";
import { type SpeedupPoint, speedupPoints } from "./summary.ts";

/** One point of a speed-up chart. */
export interface SpeedupRow extends SpeedupPoint {
  readonly runtime: "Deno" | "Python";
  readonly value: string;
  /** Its label's offset: above the point (-8 px), or below when the other runtime's is higher. */
  readonly labelOffset: number;
}

/** The points of an exercise's speed-up chart: Deno's, then the Python counterpart's. */
export function speedupRows(e: ExerciseResult): SpeedupRow[] {
  const deno = speedupPoints(e.series, false);
  const python = speedupPoints(e.series, true);
  const row = (runtime: "Deno" | "Python", others: SpeedupPoint[]) => (p: SpeedupPoint) => {
    const other = others.find((o) => o.workers === p.workers);
    const above = other === undefined || p.median >= other.median;
    return { runtime, ...p, value: formatRatio(p.median), labelOffset: above ? -8 : 14 };
  };
  return [...deno.map(row("Deno", python)), ...python.map(row("Python", deno))];
}

/** The ideal line, and the core count when there are more workers than cores. */
function references(most: number, cores: number, x: object, y: object): unknown[] {
  const ideal = [{ workers: 1, median: 1 }, { workers: most, median: most }];
  const layers: unknown[] = [{
    data: { values: ideal },
    mark: { type: "line", color: COLORS.ideal, strokeDash: [6, 5] },
    encoding: { x, y },
  }];
  if (cores < 1 || cores >= most) return layers;
  const at = { x: { datum: cores } };
  // One datum, so the rule and its label are drawn once, not once per point.
  const once = { values: [{}] };
  return [
    ...layers,
    { data: once, mark: { type: "rule", color: COLORS.ideal, strokeDash: [2, 4] }, encoding: at },
    {
      data: once,
      mark: { type: "text", align: "left", dx: 4, y: 8, color: COLORS.muted, fontSize: 11 },
      encoding: { ...at, text: { value: `${cores} cores` } },
    },
  ];
}

/** The chart's spec; its marks are named `whiskers`, `lines` and `points`. */
export function speedupSpec(results: BenchResults, e: ExerciseResult): TopLevelSpec {
  const p = results.parameters;
  const cores = results.environment.hardwareConcurrency;
  const over = e.serialFigure ?? `${e.parallelFigure} at the fewest workers`;
  const subtitle = `${over} ÷ ${e.parallelFigure}, run by run · ${cores} cores · ${p.runs} runs` +
    (p.quick ? " · --quick" : "");
  const rows = speedupRows(e);
  const most = Math.max(1, ...rows.map((r) => r.workers));
  const counts = [...new Set(rows.map((r) => r.workers))].sort((a, b) => a - b);
  const x = {
    field: "workers",
    type: "quantitative",
    title: "workers",
    scale: { domain: [0, most] },
    axis: { values: counts, format: "d" },
  } as const;
  const y = {
    field: "median",
    type: "quantitative",
    title: "speed-up (median, min–max)",
    axis: { labelExpr: "datum.label + '×'" },
  } as const;
  const runtimes = (["Deno", "Python"] as const).filter((r) => rows.some((o) => o.runtime === r));
  const range = runtimes.map((r) => r === "Deno" ? COLORS.deno : COLORS.python);
  const color = {
    field: "runtime",
    type: "nominal",
    title: null,
    scale: { domain: runtimes, range },
    legend: { orient: "top-left" },
  } as const;
  const tooltip = [{ field: "runtime" }, { field: "workers" }, { field: "value" }];
  const labels = [-8, 14].map((dy) => ({
    transform: [{ filter: `datum.labelOffset == ${dy}` }],
    mark: { type: "text", align: "left", dx: 8, dy, fontWeight: 600 },
    encoding: { x, y, color, text: { field: "value" } },
  }));
  return {
    title: {
      text: `Speed-up of ${e.name} against worker count`,
      subtitle: [subtitle, "dashed: ideal (n workers, n×)"],
    },
    width: 520,
    height: 300,
    data: { values: rows.map((r) => ({ ...r })) },
    layer: [
      ...references(most, cores, x, y),
      {
        name: "whiskers",
        mark: { type: "rule", strokeWidth: 1.5 },
        encoding: { x, y: { field: "min", type: "quantitative" }, y2: { field: "max" }, color },
      },
      { name: "lines", mark: { type: "line", strokeWidth: 2.5 }, encoding: { x, y, color } },
      {
        name: "points",
        mark: { type: "point", filled: true, size: 70 },
        encoding: { x, y, color, tooltip },
      },
      ...labels,
    ],
  } as TopLevelSpec;
}
