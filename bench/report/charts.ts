/**
 * The charts of the benchmark report, drawn by Vega-Lite (`npm:vega-lite` compiles a spec,
 * `npm:vega` renders it to SVG with no browser): Python's time ÷ Deno's per figure, and the
 * speed-up against worker count of each parallel exercise. Each is a standalone SVG document.
 *
 * @module
 */
import * as vega from "npm:vega@6.2.0";
import * as vegaLite from "npm:vega-lite@6.4.1";
import { formatRatio } from "./format.ts";
import { speedupPoints, summaryRows } from "./summary.ts";
import type { BenchResults, ExerciseResult } from "../suites/exercises/types.ts";

/** Colours: Deno blue, Python orange, faster green, slower red-orange, greys for structure. */
export const COLORS = {
  deno: "#1f6feb",
  python: "#d97706",
  faster: "#2f855a",
  slower: "#c2410c",
  even: "#57606a",
  ideal: "#8b949e",
  text: "#1f2328",
  muted: "#57606a",
  grid: "#e5e7eb",
  stripe: "#f6f8fa",
} as const;

const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";

/** File name of the Deno-against-Python chart. */
export const RATIO_FILE = "bench-python.svg";

/** File name of an exercise's speed-up chart. */
export function speedupFile(name: string): string {
  return `bench-speedup-${name.replace(/[^A-Za-z0-9_-]/g, "-")}.svg`;
}

/** Exercises with a speed-up to chart (a parallelFigure and at least one speed-up). */
export function parallelExercises(results: BenchResults): ExerciseResult[] {
  return results.exercises.filter((e) =>
    e.parallelFigure !== null && speedupPoints(e.series, false).length > 0
  );
}

/** A Vega-Lite spec rendered to an SVG document. */
export async function renderSvg(spec: vegaLite.TopLevelSpec): Promise<string> {
  const config = {
    font: FONT,
    title: { anchor: "start", fontSize: 17, subtitleColor: COLORS.muted, subtitleFontSize: 12 },
    axis: {
      gridColor: COLORS.grid,
      labelColor: COLORS.muted,
      titleColor: COLORS.muted,
      labelLimit: 300,
    },
    view: { stroke: null },
  } as const;
  const compiled = vegaLite.compile({ ...spec, config } as vegaLite.TopLevelSpec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** One bar of the ratio chart: Python's time over Deno's for one figure. */
export interface RatioBar {
  readonly label: string;
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly value: string;
  readonly winner: "Deno faster" | "Python faster" | "about even";
}

/** The ratio bars: every summary row with a Python figure. */
export function ratioBars(results: BenchResults): RatioBar[] {
  return summaryRows(results).flatMap((r) => {
    if (r.ratio === null) return [];
    const m = r.ratio.median;
    // Within 2% of 1×: about even, in grey rather than a colour that claims a winner.
    const winner = Math.abs(Math.log(m)) < Math.log(1.02)
      ? "about even"
      : m >= 1
      ? "Deno faster"
      : "Python faster";
    const { min, max } = r.ratio;
    return [{
      label: `${r.exercise} · ${r.figure}`,
      median: m,
      min,
      max,
      value: formatRatio(m),
      winner,
    }];
  });
}

/** Powers of two each side of 1× that hold every whisker. */
function log2Span(bars: readonly RatioBar[]): number {
  const logs = bars.flatMap((b) => [b.min, b.max]).filter((r) => r > 0).map((r) =>
    Math.abs(Math.log2(r))
  );
  return Math.max(1, Math.ceil(Math.max(0, ...logs) - 1e-9));
}

/** Powers of two from 2^-span to 2^span, every one or fewer so that labels stay apart. */
function powerTicks(span: number): number[] {
  const every = Math.ceil(span / 4);
  const powers = Array.from({ length: 2 * span + 1 }, (_, i) => i - span);
  return powers.filter((p) => p % every === 0).map((p) => 2 ** p);
}

/** The Deno-against-Python chart: a bar per figure from 1× to its ratio, log₂ scale. */
export function ratioSpec(bars: readonly RatioBar[], subtitle: string): vegaLite.TopLevelSpec {
  const span = log2Span(bars);
  const x = {
    field: "median",
    type: "quantitative",
    title: "Python's time ÷ Deno's (log scale): ← Python faster · Deno faster →",
    scale: { type: "log", base: 2, domain: [2 ** -span, 2 ** span] },
    axis: {
      values: powerTicks(span),
      labelExpr: "datum.value >= 1 ? datum.value + '×' : '1/' + round(1 / datum.value) + '×'",
    },
  } as const;
  const y = { field: "label", type: "nominal", sort: null, title: null } as const;
  const winnerColor = {
    field: "winner",
    type: "nominal",
    title: null,
    scale: {
      domain: ["Deno faster", "Python faster", "about even"],
      range: [COLORS.faster, COLORS.slower, COLORS.even],
    },
    legend: { orient: "top" },
  } as const;
  return {
    title: { text: "Deno against Python: Python's time ÷ Deno's", subtitle },
    width: 420,
    height: { step: 28 },
    data: { values: bars.map((b) => ({ ...b })) },
    layer: [
      {
        name: "bars",
        mark: { type: "bar", height: 16, cornerRadius: 2 },
        encoding: {
          y,
          x,
          x2: { datum: 1 },
          color: winnerColor,
          tooltip: [{ field: "label" }, { field: "value" }],
        },
      },
      {
        name: "whiskers",
        mark: { type: "rule", color: COLORS.text },
        encoding: { y, x: { ...x, field: "min" }, x2: { field: "max" } },
      },
      {
        name: "values",
        mark: { type: "text", align: "left", dx: 8, fontWeight: 600 },
        encoding: { y, x: { datum: 2 ** span }, text: { field: "value" }, color: winnerColor },
      },
      { mark: { type: "rule", color: COLORS.even }, encoding: { x: { datum: 1 } } },
    ],
  } as vegaLite.TopLevelSpec;
}

/** One point of a speed-up chart. */
export interface SpeedupRow {
  readonly runtime: "Deno" | "Python";
  readonly workers: number;
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly value: string;
  /** Where its label goes: above the point (-8 px), or below when the other runtime's is higher. */
  readonly labelOffset: number;
}

/** The points of an exercise's speed-up chart: Deno's, then the Python counterpart's. */
export function speedupRows(e: ExerciseResult): SpeedupRow[] {
  const deno = speedupPoints(e.series, false);
  const python = speedupPoints(e.series, true);
  const row = (runtime: "Deno" | "Python", others: typeof deno) => (p: (typeof deno)[number]) => {
    const other = others.find((o) => o.workers === p.workers);
    const above = other === undefined || p.median >= other.median;
    return { runtime, ...p, value: formatRatio(p.median), labelOffset: above ? -8 : 14 };
  };
  return [...deno.map(row("Deno", python)), ...python.map(row("Python", deno))];
}

/** The speed-up chart: a line per runtime with min–max whiskers, the ideal `y = workers` dashed. */
export function speedupSpec(
  name: string,
  rows: readonly SpeedupRow[],
  subtitle: string,
  cores: number,
): vegaLite.TopLevelSpec {
  const counts = [...new Set(rows.map((r) => r.workers))].sort((a, b) => a - b);
  const most = Math.max(...counts, 1);
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
  const runtimes = (["Deno", "Python"] as const).filter((r) =>
    rows.some((row) => row.runtime === r)
  );
  const range = runtimes.map((r) => r === "Deno" ? COLORS.deno : COLORS.python);
  const color = {
    field: "runtime",
    type: "nominal",
    title: null,
    scale: { domain: runtimes, range },
    legend: { orient: "top-left" },
  } as const;
  const ideal = [{ workers: 1, median: 1 }, { workers: most, median: most }];
  const layer: unknown[] = [
    {
      data: { values: ideal },
      mark: { type: "line", color: COLORS.ideal, strokeDash: [6, 5] },
      encoding: { x, y },
    },
    {
      name: "whiskers",
      mark: { type: "rule", strokeWidth: 1.5 },
      encoding: { x, y: { field: "min", type: "quantitative" }, y2: { field: "max" }, color },
    },
    { name: "lines", mark: { type: "line", strokeWidth: 2.5 }, encoding: { x, y, color } },
    {
      name: "points",
      mark: { type: "point", filled: true, size: 70 },
      encoding: {
        x,
        y,
        color,
        tooltip: [{ field: "runtime" }, { field: "workers" }, { field: "value" }],
      },
    },
    ...[-8, 14].map((dy) => ({
      transform: [{ filter: `datum.labelOffset == ${dy}` }],
      mark: { type: "text", align: "left", dx: 8, dy, fontWeight: 600 },
      encoding: { x, y, color, text: { field: "value" } },
    })),
  ];
  if (cores >= 1 && cores < most) {
    layer.push({
      mark: { type: "rule", color: COLORS.ideal, strokeDash: [2, 4] },
      encoding: { x: { datum: cores } },
    });
    layer.push({
      mark: { type: "text", align: "left", dx: 4, y: 8, color: COLORS.muted, fontSize: 11 },
      encoding: { x: { datum: cores }, text: { value: `${cores} cores` } },
    });
  }
  return {
    title: {
      text: `Speed-up of ${name} against worker count`,
      subtitle: [subtitle, "dashed: ideal (n workers, n×)"],
    },
    width: 520,
    height: 300,
    data: { values: rows.map((r) => ({ ...r })) },
    layer,
  } as vegaLite.TopLevelSpec;
}

function ratioSubtitle(results: BenchResults): string {
  const env = results.environment;
  return `median of ${results.parameters.runs} Deno/Python run pairs, whiskers min–max · Python ${
    results.python?.version ?? "?"
  } · ${env.cpuModel ?? "unknown CPU"}, ${env.hardwareConcurrency} cores`;
}

function speedupSubtitle(results: BenchResults, e: ExerciseResult): string {
  const p = results.parameters;
  const over = e.serialFigure ?? `${e.parallelFigure} at the fewest workers`;
  return `${over} ÷ ${e.parallelFigure}, run by run · ${results.environment.hardwareConcurrency} ` +
    `cores · ${p.runs} runs${p.quick ? " · --quick" : ""}`;
}

/** The SVG charts of the report, by file name. */
export async function reportCharts(results: BenchResults): Promise<Map<string, string>> {
  const charts = new Map<string, string>();
  const bars = ratioBars(results);
  if (bars.length > 0) {
    charts.set(RATIO_FILE, await renderSvg(ratioSpec(bars, ratioSubtitle(results))));
  }
  for (const e of parallelExercises(results)) {
    const spec = speedupSpec(
      e.name,
      speedupRows(e),
      speedupSubtitle(results, e),
      results.environment.hardwareConcurrency,
    );
    charts.set(speedupFile(e.name), await renderSvg(spec));
  }
  return charts;
}
