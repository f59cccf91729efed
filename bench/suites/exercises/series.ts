/**
 * Collects the timings of a benchmark run into its results: the rounded statistics of each
 * figure, the run-by-run Python ÷ Deno ratios, and the speed-ups against worker count.
 *
 * @module
 */
import { median, summarize } from "../../harness/stats.ts";
import type { FigureResult, SeriesResult, Stat } from "./types.ts";

/** Six significant digits: more than any figure's noise, and a readable JSON file. */
export function round(x: number): number {
  return Number(x.toPrecision(6));
}

/** A {@linkcode Stat} of `samples` (which must not be empty), rounded. */
export function stat(samples: readonly number[]): Stat {
  const s = summarize(samples);
  return {
    median: round(s.median),
    min: round(s.min),
    max: round(s.max),
    samples: samples.map(round),
  };
}

export function statOrNull(samples: readonly number[]): Stat | null {
  return samples.length === 0 ? null : stat(samples);
}

/** The timings of the measured runs of one series (Python's null where it did not run). */
export interface RawSeries {
  readonly workers: number;
  readonly deno: Record<string, number>[];
  readonly python: (Record<string, number> | null)[];
  readonly seconds: number;
}

/** Figure names in first-seen order over `runs`. */
function figureNames(runs: readonly Record<string, number>[]): string[] {
  const names = new Set<string>();
  for (const run of runs) for (const name of Object.keys(run)) names.add(name);
  return [...names];
}

/** The figures of one series: Deno's, Python's of the same name, and their run-by-run ratio. */
export function seriesFigures(
  deno: readonly Record<string, number>[],
  python: readonly (Record<string, number> | null)[],
): FigureResult[] {
  return figureNames(deno).map((name) => {
    const d: number[] = [];
    const p: number[] = [];
    const ratios: number[] = [];
    deno.forEach((run, i) => {
      const mine = run[name];
      const theirs = python[i]?.[name];
      if (mine !== undefined) d.push(mine);
      if (theirs !== undefined) p.push(theirs);
      if (mine !== undefined && theirs !== undefined && mine > 0) ratios.push(theirs / mine);
    });
    return { name, deno: stat(d), python: statOrNull(p), ratio: statOrNull(ratios) };
  });
}

/**
 * Run-by-run speed-ups of each series: `serial ÷ parallel` of the same run, or, without a
 * serial figure, the median parallel time at the smallest worker count over each run's.
 */
export function speedups(
  series: readonly { workers: number; runs: readonly (Record<string, number> | null)[] }[],
  parallel: string,
  serial: string | null,
): (Stat | null)[] {
  const first = [...series].sort((a, b) => a.workers - b.workers)[0];
  const base = first === undefined ? NaN : median(
    first.runs.flatMap((run) => run?.[parallel] === undefined ? [] : [run[parallel]]),
  );
  return series.map(({ runs }) => {
    const values: number[] = [];
    for (const run of runs) {
      const p = run?.[parallel];
      if (p === undefined || p <= 0) continue;
      const s = serial === null ? base : run?.[serial];
      if (s !== undefined && Number.isFinite(s)) values.push(s / p);
    }
    return statOrNull(values);
  });
}

/** The series of one exercise from their timings, and notes on figures that do not match. */
export function collectSeries(
  raw: readonly RawSeries[],
  parallel: string | null,
  serial: string | null,
): { series: SeriesResult[]; notes: string[] } {
  const notes: string[] = [];
  const denoSpeedups = parallel === null
    ? raw.map(() => null)
    : speedups(raw.map((s) => ({ workers: s.workers, runs: s.deno })), parallel, serial);
  const pythonSpeedups = parallel === null
    ? raw.map(() => null)
    : speedups(raw.map((s) => ({ workers: s.workers, runs: s.python })), parallel, serial);
  const series: SeriesResult[] = raw.map((s, i) => ({
    workers: s.workers,
    figures: seriesFigures(s.deno, s.python),
    speedup: denoSpeedups[i] ?? null,
    pythonSpeedup: pythonSpeedups[i] ?? null,
    seconds: round(s.seconds),
  }));
  const pythonRuns = raw.flatMap((s) => s.python.filter((r) => r !== null));
  if (pythonRuns.length > 0) {
    const denoNames = new Set(figureNames(raw.flatMap((s) => s.deno)));
    const unmatched = figureNames(pythonRuns).filter((n) => !denoNames.has(n));
    if (unmatched.length > 0) {
      notes.push(`Python figures with no Deno figure of that name: ${unmatched.join(", ")}`);
    }
  }
  if (parallel !== null && series.some((s) => !s.figures.some((f) => f.name === parallel))) {
    notes.push(`parallelFigure "${parallel}" is not among the timings run() returned`);
  }
  return { series, notes };
}
