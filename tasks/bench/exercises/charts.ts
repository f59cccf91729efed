/**
 * The SVG charts of the benchmark report, by file name: speed-up against workers per parallel
 * exercise, and Deno against Python.
 *
 * @module
 */
import { speedupPoints, summaryRows } from "./summary.ts";
import { type RatioBar, ratioSvg } from "./svg_python.ts";
import { speedupSvg } from "./svg_speedup.ts";
import type { BenchResults, ExerciseResult } from "./types.ts";

/** File name of an exercise's speed-up chart. */
export function speedupFile(name: string): string {
  return `bench-speedup-${name.replace(/[^A-Za-z0-9_-]/g, "-")}.svg`;
}

/** File name of the Deno-against-Python chart. */
export const RATIO_FILE = "bench-python.svg";

/** Exercises with a speed-up to chart (a parallelFigure and at least one speed-up). */
export function parallelExercises(results: BenchResults): ExerciseResult[] {
  return results.exercises.filter((e) =>
    e.parallelFigure !== null && speedupPoints(e.series, false).length > 0
  );
}

/** The ratio bars: every summary row with a Python figure. */
export function ratioBars(results: BenchResults): RatioBar[] {
  return summaryRows(results).flatMap((r) =>
    r.ratio === null ? [] : [{
      exercise: r.exercise,
      figure: r.figure,
      median: r.ratio.median,
      min: r.ratio.min,
      max: r.ratio.max,
    }]
  );
}

/** The SVG charts of the report, by file name. */
export function reportCharts(results: BenchResults): Map<string, string> {
  const charts = new Map<string, string>();
  const cores = results.environment.hardwareConcurrency;
  for (const e of parallelExercises(results)) {
    const python = speedupPoints(e.series, true);
    const over = e.serialFigure === null
      ? `${e.parallelFigure} at the fewest workers`
      : e.serialFigure;
    charts.set(
      speedupFile(e.name),
      speedupSvg({
        name: e.name,
        subtitle:
          `${over} ÷ ${e.parallelFigure}, run by run · ${cores} cores · ${results.parameters.runs} runs${
            results.parameters.quick ? " · --quick" : ""
          }`,
        deno: speedupPoints(e.series, false),
        ...(python.length === 0 ? {} : { python }),
        cores,
      }),
    );
  }
  const bars = ratioBars(results);
  if (bars.length > 0) {
    const p = results.parameters;
    charts.set(
      RATIO_FILE,
      ratioSvg(
        bars,
        `median of ${p.runs} Deno/Python run pairs, whiskers min–max · Python ${
          results.python?.version ?? "?"
        } · ${
          results.environment.cpuModel ?? "unknown CPU"
        }, ${results.environment.hardwareConcurrency} cores`,
      ),
    );
  }
  return charts;
}
