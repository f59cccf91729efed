/**
 * Collects the timings of a benchmark run into its results: the rounded statistics of each
 * figure, the run-by-run Python ÷ Deno ratios, and the speed-ups against worker count.
 * @module
 */
import { median, summarize } from "../../harness/stats.ts";
import type { FigureResult, SeriesResult, Stat } from "./types.ts";

type Timings = Record<string, number>;

/** The measured runs at one worker count (Python's null where it did not run). */
export type RawSeries = Pick<SeriesResult, "workers" | "seconds"> & {
  readonly deno: readonly Timings[];
  readonly python: readonly (Timings | null)[];
};

/** Six significant digits: more than any figure's noise, and a readable JSON file. */
export function round(x: number): number {
  return Number(x.toPrecision(6));
}

/** A {@linkcode Stat} of `samples` (which must not be empty), rounded. */
export function stat(samples: readonly number[]): Stat {
  const { median, min, max } = summarize(samples);
  return { median: round(median), min: round(min), max: round(max), samples: samples.map(round) };
}

function statOrNull(samples: readonly number[]): Stat | null {
  return samples.length === 0 ? null : stat(samples);
}

/** Figure names in first-seen order over `runs`. */
function figureNames(runs: readonly (Timings | null)[]): string[] {
  return [...new Set(runs.flatMap((run) => Object.keys(run ?? {})))];
}

/** The figures of one series: Deno's, Python's of the same name, and their run-by-run ratio. */
export function seriesFigures(
  deno: readonly Timings[],
  python: readonly (Timings | null)[],
): FigureResult[] {
  return figureNames(deno).map((name) => {
    const pairs = deno.map((run, i) => [run[name], python[i]?.[name]] as const);
    return {
      name,
      deno: stat(pairs.flatMap(([d]) => d ?? [])),
      python: statOrNull(pairs.flatMap(([, p]) => p ?? [])),
      ratio: statOrNull(pairs.flatMap(([d = 0, p]) => d > 0 && p !== undefined ? p / d : [])),
    };
  });
}

/** The series of one exercise (increasing worker counts), and notes on mismatched figures. */
export function collectSeries(
  raw: readonly RawSeries[],
  parallel: string | null,
  serial: string | null,
): { series: SeriesResult[]; notes: string[] } {
  // Run by run, `serial ÷ parallel` or, without a serial figure, the first series' median over it.
  const speedup = (runs: readonly (Timings | null)[], first: readonly (Timings | null)[]) => {
    if (parallel === null) return null;
    const base = median(first.flatMap((run) => run?.[parallel] ?? []));
    return statOrNull(runs.flatMap((run) => {
      const p = run?.[parallel];
      const s = serial === null ? base : run?.[serial];
      return p !== undefined && p > 0 && s !== undefined && Number.isFinite(s) ? s / p : [];
    }));
  };
  const series = raw.map((s) => ({
    workers: s.workers,
    figures: seriesFigures(s.deno, s.python),
    speedup: speedup(s.deno, raw[0]!.deno),
    pythonSpeedup: speedup(s.python, raw[0]!.python),
    seconds: round(s.seconds),
  }));
  const notes: string[] = [];
  const denoNames = new Set(figureNames(raw.flatMap((s) => s.deno)));
  const unmatched = figureNames(raw.flatMap((s) => s.python)).filter((n) => !denoNames.has(n));
  if (unmatched.length > 0) {
    notes.push(`Python figures with no Deno figure of that name: ${unmatched.join(", ")}`);
  }
  if (parallel !== null && series.some((s) => !s.figures.some((f) => f.name === parallel))) {
    notes.push(`parallelFigure "${parallel}" is not among the timings run() returned`);
  }
  return { series, notes };
}
