/**
 * What both report pages and the terminal show of a results file: every figure at the headline
 * worker count, the speed-ups against workers and the exercises that did not run.
 * @module
 */
import { formatRatio, formatRatioStat, formatSeconds, formatStat, orDash } from "./format.ts";
import type { BenchResults, ExerciseResult, FigureResult } from "../suites/exercises/types.ts";
import type { SeriesResult } from "../suites/exercises/types.ts";

/** A table as both pages draw it; its cells are Markdown inline text (`code`, **bold**). */
export type ReportTable = { header: string[]; align: ("l" | "r")[]; rows: string[][] };

/** A speed-up at a worker count, as charted. */
export type SpeedupPoint = { workers: number; median: number; min: number; max: number };

/** Every figure of every exercise that ran, at `parameters.workers` if it ran, else the largest. */
export function headlineFigures(
  results: BenchResults,
): (FigureResult & { exercise: string; workers: number })[] {
  return results.exercises.flatMap((e) => {
    const s = e.series.find((s) => s.workers === results.parameters.workers) ?? e.series.at(-1);
    return (s?.figures ?? []).map((f) => ({ ...f, exercise: e.name, workers: s!.workers }));
  });
}

/** The summary's rows: exercise, figure, workers, Deno, Python's median, Python ÷ Deno. */
function summaryRows(results: BenchResults): string[][] {
  return headlineFigures(results).map((f) => [
    f.exercise,
    f.name,
    String(f.workers),
    formatStat(f.deno),
    orDash(f.python, (python) => formatSeconds(python.median)),
    orDash(f.ratio, formatRatioStat),
  ]);
}

/** The summary table of both pages. */
export function summaryTable(results: BenchResults): ReportTable {
  const python = ["Python median", "Python ÷ Deno"];
  return {
    header: ["exercise", "figure", "workers", "Deno median [min–max]", ...python],
    align: ["l", "l", "r", "r", "r", "r"],
    rows: summaryRows(results).map(([name, ...cells]) => [`\`${name}\``, ...cells]),
  };
}

/** The speed-ups of `series`: Deno's, or the Python counterpart's. */
export function speedupPoints(series: readonly SeriesResult[], python: boolean): SpeedupPoint[] {
  return series.flatMap((s) => {
    const st = python ? s.pythonSpeedup : s.speedup;
    return st === null ? [] : [{ workers: s.workers, median: st.median, min: st.min, max: st.max }];
  });
}

/** Exercises with a speed-up to chart (a parallelFigure and at least one speed-up). */
export function parallelExercises(results: BenchResults): ExerciseResult[] {
  return results.exercises.filter((e) =>
    e.parallelFigure !== null && speedupPoints(e.series, false).length > 0
  );
}

/** The exercises that did not run to the end. */
export function notMeasured(results: BenchResults): ExerciseResult[] {
  return results.exercises.filter((e) => e.status !== "ok");
}

/** The summary for the terminal: aligned columns, the speed-ups, the exercises that did not run. */
export function textSummary(results: BenchResults): string {
  const header = ["exercise", "figure", "workers", "median [min–max]", "python", "python ÷ deno"];
  const rows = summaryRows(results);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => [2, 3, 4].includes(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))
      .join("  ").trimEnd();
  const out = [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)];
  for (const e of parallelExercises(results)) {
    const [deno, python] = [false, true].map((py) =>
      speedupPoints(e.series, py).map((q) => `${q.workers} → ${formatRatio(q.median)}`).join(", ")
    );
    out.push(
      `${e.name} speed-up (${e.serialFigure ?? "fewest workers"} ÷ ${e.parallelFigure}): ${deno}` +
        (python === "" ? "" : `; python ${python}`),
    );
  }
  out.push(...notMeasured(results).map((e) => `${e.name}: ${e.status} — ${e.notes.join("; ")}`));
  return out.join("\n");
}
