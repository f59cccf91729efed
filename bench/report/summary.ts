/**
 * What both report pages and the terminal show of a results file: every figure at the headline
 * worker count, the speed-ups against workers and the exercises that did not run.
 * @module
 */
import { formatRatio, formatRatioStat, formatSeconds, formatStat, orDash } from "./format.ts";
import type { BenchResults, ExerciseResult, FigureResult } from "../suites/exercises/types.ts";
import type { SeriesResult, Stat } from "../suites/exercises/types.ts";

/** A table as both pages draw it; its cells are Markdown inline text (`code`, **bold**). */
export interface ReportTable {
  readonly header: readonly string[];
  readonly align: readonly ("l" | "r")[];
  readonly rows: readonly (readonly string[])[];
}

/** A figure of an exercise at its headline worker count. */
export interface HeadlineFigure {
  readonly exercise: string;
  readonly workers: number;
  readonly figure: FigureResult;
}

/** Every figure of every exercise that ran, at `parameters.workers` if it ran, else the largest. */
export function headlineFigures(results: BenchResults): HeadlineFigure[] {
  return results.exercises.flatMap((e) => {
    const s = e.series.find((s) => s.workers === results.parameters.workers) ?? e.series.at(-1);
    return (s?.figures ?? []).map((figure) => ({ exercise: e.name, workers: s!.workers, figure }));
  });
}

/** The summary's rows: every headline figure, with Python's median and Python ÷ Deno. */
function summaryRows(results: BenchResults): string[][] {
  return headlineFigures(results).map(({ exercise, workers, figure: f }) => [
    exercise,
    f.name,
    String(workers),
    formatStat(f.deno),
    orDash(f.python, (python) => formatSeconds(python.median)),
    orDash(f.ratio, formatRatioStat),
  ]);
}

/** The summary table of both pages. */
export function summaryTable(results: BenchResults): ReportTable {
  return {
    header: [
      "exercise",
      "figure",
      "workers",
      "Deno median [min–max]",
      "Python median",
      "Python ÷ Deno",
    ],
    align: ["l", "l", "r", "r", "r", "r"],
    rows: summaryRows(results).map(([name, ...cells]) => [`\`${name}\``, ...cells]),
  };
}

/** The speed-ups of `series` as points to chart: Deno's, or the Python counterpart's. */
export function speedupPoints(
  series: readonly SeriesResult[],
  python: boolean,
): (Pick<Stat, "median" | "min" | "max"> & { workers: number })[] {
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

/** The exercises that did not run to the end, with why, as Markdown. */
export function notMeasured(results: BenchResults): string[] {
  return results.exercises.filter((e) => e.status !== "ok")
    .map((e) => `\`${e.name}\` (${e.status}): ${e.notes.join("; ")}`);
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
    const list = (python: boolean) =>
      speedupPoints(e.series, python).map((q) => `${q.workers} → ${formatRatio(q.median)}`);
    const python = list(true);
    out.push(
      `${e.name} speed-up (${e.serialFigure ?? "fewest workers"} ÷ ${e.parallelFigure}): ` +
        list(false).join(", ") + (python.length === 0 ? "" : `; python ${python.join(", ")}`),
    );
  }
  const failed = results.exercises.filter((e) => e.status !== "ok");
  return [...out, ...failed.map((e) => `${e.name}: ${e.status} — ${e.notes.join("; ")}`)]
    .join("\n");
}
