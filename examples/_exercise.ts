/**
 * What an example exports so `deno task bench` can run it as a benchmark: one run at given
 * settings, returning its timings by name. The example checks its own answer in the run (a wrong
 * answer throws), so a figure is never measured over a wrong result.
 *
 * Each example module (`examples/<name>.ts`, listed in `tools/exercises.ts`) exports
 * `benchmark: ExerciseBenchmark`. Its Python counterpart, when it has one, is
 * `bench/python/exercises/<name>.py`, which takes `--workers N --seed S [--quick]` and prints one
 * JSON object `{ "python": "<version>", "timings": { "<figure>": seconds, ... } }` using the same
 * figure names for the same measurements.
 *
 * @module
 */

/** The settings of one benchmark run of an exercise. */
export interface BenchSettings {
  /** Workers (or processes) to use where the exercise runs things in parallel. */
  readonly workers: number;
  /** Small sizes and short sleeps, for CI: the same code paths, a fraction of the time. */
  readonly quick: boolean;
  /** Seed of every random draw the exercise makes. */
  readonly seed: number;
}

/** One exercise as a benchmark. */
export interface ExerciseBenchmark {
  /** What the exercise measures, for the report (one line). */
  readonly title: string;
  /**
   * Runs the exercise once, checks its answer, and returns its timings in seconds by figure
   * name, e.g. `{ serial: 0.91, parallel: 0.24 }`. Prints nothing.
   */
  run(settings: BenchSettings): Promise<Record<string, number>>;
  /**
   * The figure whose time should fall as workers are added, for the speed-up chart; omitted
   * when the exercise does not use workers.
   */
  readonly parallelFigure?: string;
  /** The figure to divide `parallelFigure` by for a speed-up (usually the serial version). */
  readonly serialFigure?: string;
  /**
   * Why `parallelFigure` can take longer than `serialFigure` here (one sentence, in terms of this
   * exercise's work). The summary shows it beside the measured figures only when a run measures
   * the parallel figure slower at the headline worker count.
   */
  readonly whySlowerInParallel?: string;
  /** Worker counts worth charting for this exercise (default: 1, 2, 4 and the `--workers`). */
  readonly workerCounts?: readonly number[];
}
