/**
 * The charts of the benchmark report, drawn by Vega-Lite (`npm:vega-lite` compiles a spec,
 * `npm:vega` renders it to SVG with no browser): Python's time ÷ Deno's per figure, and the
 * speed-up against worker count of each parallel exercise. Each is a standalone SVG document.
 *
 * @module
 */
import * as vega from "npm:vega@6.2.0";
import * as vegaLite from "npm:vega-lite@6.4.1";
import { ratioBars, ratioSpec } from "./ratio_chart.ts";
import { speedupSpec } from "./speedup_chart.ts";
import { COLORS, FONT } from "./format.ts";
import { parallelExercises } from "./summary.ts";
import type { BenchResults } from "../suites/exercises/types.ts";

/** File name of the Deno-against-Python chart. */
export const RATIO_FILE = "bench-python.svg";

/** File name of an exercise's speed-up chart. */
export function speedupFile(name: string): string {
  return `bench-speedup-${name.replace(/[^A-Za-z0-9_-]/g, "-")}.svg`;
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

/** The SVG charts of the report, by file name. */
export async function reportCharts(results: BenchResults): Promise<Map<string, string>> {
  const charts = new Map<string, string>();
  const bars = ratioBars(results);
  if (bars.length > 0) {
    charts.set(RATIO_FILE, await renderSvg(ratioSpec(results, bars)));
  }
  for (const e of parallelExercises(results)) {
    charts.set(speedupFile(e.name), await renderSvg(speedupSpec(results, e)));
  }
  return charts;
}
