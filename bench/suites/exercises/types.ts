/**
 * The results file of `deno task bench`, as `docs/bench-schema.json` documents every field.
 * Times are in seconds; a ratio is Python's time over Deno's (above 1: Deno was faster).
 * @module
 */
import type { Options } from "../../harness/cli.ts";
import type { Environment } from "../../harness/env.ts";
import type { Python } from "../../harness/python.ts";
import type { Stat } from "../../harness/stats.ts";

export type { Stat };

/** The value of the `schema` field: bump the number on any incompatible change. */
export const SCHEMA_VERSION = "multiproc-bench/1";

/** One timing of `benchmark.run()` at one worker count; `ratio` is Python ÷ Deno run by run. */
export interface FigureResult {
  readonly name: string;
  readonly deno: Stat;
  readonly python: Stat | null;
  readonly ratio: Stat | null;
}

/** The runs of one exercise at one worker count; speed-ups are `serial ÷ parallel` run by run. */
export interface SeriesResult {
  readonly workers: number;
  readonly figures: readonly FigureResult[];
  readonly speedup: Stat | null;
  readonly pythonSpeedup: Stat | null;
  readonly seconds: number;
}

/** How the Python counterpart (`bench/python/exercises/<name>.py`) of an exercise went. */
export interface PythonResult {
  readonly status: "ok" | "not requested" | "python3 not found" | "no counterpart" | "failed";
  readonly script: string;
  readonly version: string | null;
  readonly error: string | null;
}

/** One exercise of `tools/exercises.ts`, with one series per worker count, increasing. */
export interface ExerciseResult {
  readonly name: string;
  readonly script: string;
  readonly title: string | null;
  readonly status: "ok" | "skipped" | "failed";
  readonly notes: readonly string[];
  readonly parallelFigure: string | null;
  readonly serialFigure: string | null;
  /** `benchmark.whySlowerInParallel`; absent from results files written before it existed. */
  readonly whySlowerInParallel?: string | null;
  readonly python: PythonResult;
  readonly series: readonly SeriesResult[];
  readonly seconds: number;
}

/** The whole results file. */
export interface BenchResults {
  readonly schema: typeof SCHEMA_VERSION;
  readonly args: readonly string[];
  readonly environment: Environment;
  /** The options as given (the `--workers` list as `workerCounts`). */
  readonly parameters:
    & Pick<Options, "runs" | "warmup" | "quick" | "seed" | "workers" | "filter" | "python">
    & { readonly workerCounts: readonly number[] | null };
  readonly python: Python | null;
  readonly cpu: { readonly othersBefore: number | null; readonly othersDuring: number | null };
  readonly exercises: readonly ExerciseResult[];
  readonly seconds: number;
}
