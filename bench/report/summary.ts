/**
 * The summary of a benchmark run for the terminal: one row per figure of each exercise at its
 * headline worker count, the speed-ups against workers, and the exercises that did not run.
 *
 * @module
 */
import { formatRatio, formatRatioStat, formatSeconds, formatStat, orDash } from "./format.ts";
import type {
  BenchResults,
  ExerciseResult,
  SeriesResult,
  Stat,
} from "../suites/exercises/types.ts";

/** One point of a speed-up chart: a worker count and the speed-up there. */
export interface SpeedupPoint extends Pick<Stat, "median" | "min" | "max"> {
  readonly workers: number;
}

/** One row of the summary: a figure of an exercise at its headline worker count. */
export interface SummaryRow {
  readonly exercise: string;
  readonly figure: string;
  readonly workers: number;
  readonly deno: Stat;
  readonly python: Stat | null;
  readonly ratio: Stat | null;
}

/** The series the summary shows: at `parameters.workers` if it ran, else the largest. */
export function headlineSeries(e: ExerciseResult, workers: number): SeriesResult | null {
  return e.series.find((s) => s.workers === workers) ?? e.series.at(-1) ?? null;
}

/** Every figure of every exercise that ran, at its headline worker count. */
export function summaryRows(results: BenchResults): SummaryRow[] {
  return results.exercises.flatMap((e) => {
    const s = headlineSeries(e, results.parameters.workers);
    return (s?.figures ?? []).map((f) => ({
      exercise: e.name,
      figure: f.name,
      workers: s!.workers,
      deno: f.deno,
      python: f.python,
      ratio: f.ratio,
    }));
  });
}

/** Exercises that did not run to the end, with why. */
export function notMeasured(
  results: BenchResults,
): { name: string; status: string; note: string }[] {
  return results.exercises
    .filter((e) => e.status !== "ok")
    .map((e) => ({ name: e.name, status: e.status, note: e.notes.join("; ") }));
}

/** Why there is no Python chart. */
export function noPythonFigures(results: BenchResults): string {
  return results.python === null
    ? "No Python figures: run with `--python` where python3 (with numpy and scipy) is installed."
    : "No Python figures: no exercise has a Python counterpart that ran.";
}

/** The speed-up points of `series`: Deno's, or the Python counterpart's. */
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

/** The summary for the terminal: aligned columns, then the exercises that did not run. */
export function textSummary(results: BenchResults): string {
  const header = ["exercise", "figure", "workers", "median [min–max]", "python", "python ÷ deno"];
  const rows = summaryRows(results).map((r) => [
    r.exercise,
    r.figure,
    String(r.workers),
    formatStat(r.deno),
    orDash(r.python, (python) => formatSeconds(python.median)),
    orDash(r.ratio, formatRatioStat),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const right = new Set([2, 3, 4]);
  const line = (cells: string[]) =>
    cells.map((c, i) => right.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)).join("  ")
      .trimEnd();
  const out = [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)];
  for (const e of parallelExercises(results)) {
    const deno = speedupPoints(e.series, false);
    const python = speedupPoints(e.series, true);
    const list = (ps: SpeedupPoint[]) =>
      ps.map((q) => `${q.workers} → ${formatRatio(q.median)}`).join(", ");
    out.push(
      `${e.name} speed-up (${e.serialFigure ?? "fewest workers"} ÷ ${e.parallelFigure}): ` +
        list(deno) + (python.length === 0 ? "" : `; python ${list(python)}`),
    );
  }
  for (const m of notMeasured(results)) out.push(`${m.name}: ${m.status} — ${m.note}`);
  return out.join("\n");
}
