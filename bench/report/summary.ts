/**
 * What both report pages and the terminal show of a results file: every figure at the headline
 * worker count, the speed-ups against workers and the exercises that did not run.
 * @module
 */
import { formatRatio, formatRatioStat, formatSeconds, formatStat, padColumns } from "./format.ts";
import type { BenchResults, ExerciseResult, FigureResult } from "../suites/exercises/types.ts";
import type { SeriesResult } from "../suites/exercises/types.ts";

/** A table as both pages draw it: cells of Markdown inline text, `align` "l" or "r" per column. */
export type ReportTable = { header: string[]; align: string; rows: string[][] };

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

/** The summary table of both pages (and of the terminal, without the code spans). */
export function summaryTable(results: BenchResults): ReportTable {
  const python = ["Python median", "Python ÷ Deno"];
  return {
    header: ["exercise", "figure", "workers", "Deno median [min–max]", ...python],
    align: "llrrrr",
    rows: headlineFigures(results).map((f) => [
      `\`${f.exercise}\``,
      f.name,
      String(f.workers),
      formatStat(f.deno),
      f.python === null ? "—" : formatSeconds(f.python.median),
      formatRatioStat(f.ratio),
    ]),
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

/** Said of a parallel figure measured slower when its exercise gives no reason of its own. */
export const GENERIC_SLOWER_REASON =
  "the work handed to the workers is smaller than what handing it over costs (messages, copies, " +
  "waking a worker), or the cores were busy with other work during the run";

/**
 * One line per exercise whose parallel figure took longer than its serial one at the headline
 * worker count (speed-up median below 1): the measured figures, then why — the exercise's own
 * `whySlowerInParallel`, or {@linkcode GENERIC_SLOWER_REASON}.
 */
export function slowerInParallel(results: BenchResults): string[] {
  return results.exercises.flatMap((e) => {
    if (e.parallelFigure === null) return [];
    const s = e.series.find((s) => s.workers === results.parameters.workers) ?? e.series.at(-1);
    if (s === undefined || s.speedup === null || !(s.speedup.median < 1)) return [];
    const parallel = s.figures.find((f) => f.name === e.parallelFigure);
    const serial = e.serialFigure === null
      ? null
      : s.figures.find((f) => f.name === e.serialFigure);
    const times = parallel === undefined ? "" : ` (${formatSeconds(parallel.deno.median)}` +
      (serial === undefined || serial === null
        ? ")"
        : ` against ${formatSeconds(serial.deno.median)} for \`${e.serialFigure}\`)`);
    const over = e.serialFigure === null ? "at the fewest workers" : `\`${e.serialFigure}\``;
    return [
      `\`${e.name}\`: \`${e.parallelFigure}\` on ${s.workers} workers is slower than ${over}` +
      `${times}, a speed-up of ${formatRatio(s.speedup.median)}: ` +
      (e.whySlowerInParallel ?? GENERIC_SLOWER_REASON).replace(/\.$/, "") + ".",
    ];
  });
}

/** The exercises that did not run to the end, with why: "`name` (status): notes". */
export function notMeasured(results: BenchResults): string[] {
  return results.exercises.filter((e) => e.status !== "ok")
    .map((e) => `\`${e.name}\` (${e.status}): ${e.notes.join("; ")}`);
}

/** The summary for the terminal: aligned columns, the speed-ups, the exercises that did not run. */
export function textSummary(results: BenchResults): string {
  const header = ["exercise", "figure", "workers", "median [min–max]", "python", "python ÷ deno"];
  const rows = summaryTable(results).rows.map(([name, ...cells]) => [name!.slice(1, -1), ...cells]);
  const [head, ...body] = padColumns([header, ...rows], "llrrrl");
  const out = [head!, head!.map((cell) => "-".repeat(cell.length)), ...body]
    .map((cells) => cells.join("  ").trimEnd());
  for (const e of parallelExercises(results)) {
    const [deno, python] = [false, true].map((py) =>
      speedupPoints(e.series, py).map((q) => `${q.workers} → ${formatRatio(q.median)}`).join(", ")
    );
    out.push(
      `${e.name} speed-up (${e.serialFigure ?? "fewest workers"} ÷ ${e.parallelFigure}): ${deno}` +
        (python === "" ? "" : `; python ${python}`),
    );
  }
  const slower = slowerInParallel(results).map((line) => `- ${line.replaceAll("`", "")}`);
  if (slower.length > 0) out.push("", "Slower in parallel than serial, and why:", ...slower);
  // Unlike the pages' list (notMeasured), a plain line per exercise: "name: status — notes".
  for (const e of results.exercises.filter((e) => e.status !== "ok")) {
    out.push(`${e.name}: ${e.status} — ${e.notes.join("; ")}`);
  }
  return out.join("\n");
}
