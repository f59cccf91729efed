/**
 * The report's charts, Vega-Lite specs that `npm:vega` renders to standalone SVG with no browser:
 * Python's time ÷ Deno's per figure, and each parallel exercise's speed-up against workers.
 * @module
 */
import * as vega from "npm:vega@6.2.0";
import * as vegaLite from "npm:vega-lite@6.4.1";
import type { BenchResults, ExerciseResult } from "../suites/exercises/types.ts";
import { COLORS, FONT, formatRatio } from "./format.ts";
import { headlineFigures, parallelExercises, type SpeedupPoint, speedupPoints } from "./summary.ts";

/** File name of the Deno-against-Python chart. */
export const RATIO_FILE = "bench-python.svg";

/** File name of an exercise's speed-up chart. */
export function speedupFile(name: string): string {
  return `bench-speedup-${name.replace(/[^A-Za-z0-9_-]/g, "-")}.svg`;
}

/** A Vega-Lite spec, in the report's font and colours, rendered to an SVG document. */
async function renderSvg(spec: object): Promise<string> {
  const axis = { gridColor: COLORS.grid, labelColor: COLORS.muted, titleColor: COLORS.muted };
  const config = {
    font: FONT,
    title: { anchor: "start", fontSize: 17, subtitleColor: COLORS.muted, subtitleFontSize: 12 },
    axis: { ...axis, labelLimit: 300 },
    view: { stroke: null },
  };
  const compiled = vegaLite.compile({ ...spec, config } as vegaLite.TopLevelSpec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** A colour legend of `field`: each value of `domain` drawn in the colour at its index. */
function colorBy(field: string, domain: string[], range: string[], orient: string): object {
  return { field, type: "nominal", title: null, scale: { domain, range }, legend: { orient } };
}

/**
 * The ratio chart, null without a Python figure: a bar per headline figure from 1× to Python's
 * time ÷ Deno's on a log₂ scale, whiskers min–max, the value beside each row.
 */
function ratioSpec(results: BenchResults): object | null {
  const bars = headlineFigures(results).flatMap(({ exercise, name, ratio }) => {
    if (ratio === null) return [];
    const { median, min, max } = ratio;
    // Within 2% of 1× is about even, in grey rather than a colour that claims a winner.
    const even = Math.abs(Math.log(median)) < Math.log(1.02);
    const winner = even ? "about even" : median >= 1 ? "Deno faster" : "Python faster";
    const value = formatRatio(median);
    return [{ label: `${exercise} · ${name}`, median, min, max, value, winner }];
  });
  if (bars.length === 0) return null;
  const env = results.environment;
  const subtitle = `median of ${results.parameters.runs} Deno/Python run pairs, whiskers ` +
    `min–max · Python ${results.python?.version ?? "?"} · ${env.cpuModel ?? "unknown CPU"}, ` +
    `${env.hardwareConcurrency} cores`;
  // Powers of two each side of 1× that hold every whisker, a tick on every one or fewer.
  const logs = bars.flatMap((b) => [b.min, b.max]).filter((r) => r > 0)
    .map((r) => Math.abs(Math.log2(r)));
  const span = Math.max(1, Math.ceil(Math.max(0, ...logs) - 1e-9));
  const values = Array.from({ length: 2 * span + 1 }, (_, i) => i - span)
    .filter((power) => power % Math.ceil(span / 4) === 0).map((power) => 2 ** power);
  const labelExpr = "datum.value >= 1 ? datum.value + '×' : '1/' + round(1 / datum.value) + '×'";
  const title = "Python's time ÷ Deno's (log scale): ← Python faster · Deno faster →";
  const scale = { type: "log", base: 2, domain: [2 ** -span, 2 ** span] };
  const x = { field: "median", type: "quantitative", title, scale, axis: { values, labelExpr } };
  const y = { field: "label", type: "nominal", sort: null, title: null };
  const winners = ["Deno faster", "Python faster", "about even"];
  const color = colorBy("winner", winners, [COLORS.faster, COLORS.slower, COLORS.muted], "top");
  const tooltip = [{ field: "label" }, { field: "value" }];
  return {
    title: { text: "Deno against Python: Python's time ÷ Deno's", subtitle },
    width: 420,
    height: { step: 28 },
    data: { values: bars },
    layer: [
      {
        name: "bars",
        mark: { type: "bar", height: 16, cornerRadius: 2 },
        encoding: { y, x, x2: { datum: 1 }, color, tooltip },
      },
      {
        name: "whiskers",
        mark: { type: "rule", color: COLORS.text },
        encoding: { y, x: { ...x, field: "min" }, x2: { field: "max" } },
      },
      {
        name: "values",
        mark: { type: "text", align: "left", dx: 8, fontWeight: 600 },
        encoding: { y, x: { datum: 2 ** span }, text: { field: "value" }, color },
      },
      { mark: { type: "rule", color: COLORS.muted }, encoding: { x: { datum: 1 } } },
    ],
  };
}

/**
 * The speed-up chart of a parallel exercise: speed-up against worker count, a line per runtime
 * with min–max whiskers and values, the ideal `y = workers` dashed, the core count marked.
 */
function speedupSpec(results: BenchResults, e: ExerciseResult): object {
  const { runs, quick } = results.parameters;
  const cores = results.environment.hardwareConcurrency;
  const over = e.serialFigure ?? `${e.parallelFigure} at the fewest workers`;
  const subtitle = `${over} ÷ ${e.parallelFigure}, run by run · ${cores} cores · ${runs} runs` +
    (quick ? " · --quick" : "");
  const deno = speedupPoints(e.series, false);
  const python = speedupPoints(e.series, true);
  // A value is labelled above its point (-8 px), or below when the other runtime's is higher.
  const row = (runtime: string, others: SpeedupPoint[]) => (q: SpeedupPoint) => {
    const other = others.find((o) => o.workers === q.workers);
    const above = other === undefined || q.median >= other.median;
    return { runtime, ...q, value: formatRatio(q.median), labelOffset: above ? -8 : 14 };
  };
  const rows = [...deno.map(row("Deno", python)), ...python.map(row("Python", deno))];
  const workers = [...new Set(rows.map((r) => r.workers))].sort((a, b) => a - b);
  const most = Math.max(1, ...workers);
  const scale = { domain: [0, most] };
  const x = {
    field: "workers",
    type: "quantitative",
    title: "workers",
    scale,
    axis: { values: workers, format: "d" },
  };
  const axis = { labelExpr: "datum.label + '×'" };
  const y = { field: "median", type: "quantitative", title: "speed-up (median, min–max)", axis };
  const runtimes = python.length === 0 ? ["Deno"] : ["Deno", "Python"];
  const range = [COLORS.deno, COLORS.python].slice(0, runtimes.length);
  const color = colorBy("runtime", runtimes, range, "top-left");
  // The cores, where there are more workers than that: one datum, so they are drawn once.
  const once = { values: [{}] };
  const at = { x: { datum: cores } };
  const coresText = { type: "text", align: "left", dx: 4, y: 8, color: COLORS.muted, fontSize: 11 };
  const coreLayers = cores < 1 || cores >= most ? [] : [
    { data: once, mark: { type: "rule", color: COLORS.ideal, strokeDash: [2, 4] }, encoding: at },
    { data: once, mark: coresText, encoding: { ...at, text: { value: `${cores} cores` } } },
  ];
  const tooltip = [{ field: "runtime" }, { field: "workers" }, { field: "value" }];
  const labels = [-8, 14].map((dy) => ({
    transform: [{ filter: `datum.labelOffset == ${dy}` }],
    mark: { type: "text", align: "left", dx: 8, dy, fontWeight: 600 },
    encoding: { x, y, color, text: { field: "value" } },
  }));
  const ideal = { values: [{ workers: 1, median: 1 }, { workers: most, median: most }] };
  const title = `Speed-up of ${e.name} against worker count`;
  return {
    title: { text: title, subtitle: [subtitle, "dashed: ideal (n workers, n×)"] },
    width: 520,
    height: 300,
    data: { values: rows },
    layer: [
      {
        data: ideal,
        mark: { type: "line", color: COLORS.ideal, strokeDash: [6, 5] },
        encoding: { x, y },
      },
      ...coreLayers,
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
  };
}

/** The SVG charts of the report, by file name: the ratio chart first, then the speed-ups. */
export async function reportCharts(results: BenchResults): Promise<Map<string, string>> {
  const charts = new Map<string, string>();
  const ratio = ratioSpec(results);
  if (ratio !== null) charts.set(RATIO_FILE, await renderSvg(ratio));
  for (const e of parallelExercises(results)) {
    charts.set(speedupFile(e.name), await renderSvg(speedupSpec(results, e)));
  }
  return charts;
}
