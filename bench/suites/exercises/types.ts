/**
 * The results file of `deno task bench` (`multiproc-bench/1`): the TypeScript side of
 * `docs/bench-schema.json`, which documents every field. Times are in seconds; a ratio is
 * Python's time over Deno's, so above 1 means Deno was faster.
 *
 * @module
 */
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
  /** Wall-clock seconds of the whole series, warm-up and Python runs included. */
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
  readonly python: PythonResult;
  readonly series: readonly SeriesResult[];
  readonly seconds: number;
}

/** The whole results file. */
export interface BenchResults {
  readonly schema: typeof SCHEMA_VERSION;
  /** The arguments `bench/main.ts` was given. */
  readonly args: readonly string[];
  readonly environment: Environment;
  readonly parameters: {
    readonly runs: number;
    readonly warmup: number;
    readonly quick: boolean;
    readonly seed: number;
    readonly workers: number;
    /** The `--workers` list, or null. */
    readonly workerCounts: readonly number[] | null;
    readonly filter: string | null;
    readonly python: boolean;
  };
  /** The interpreter of the Python counterparts, or null. */
  readonly python: Python | null;
  /** Other processes' share of all cores before the first run and over the Deno runs. */
  readonly cpu: { readonly othersBefore: number | null; readonly othersDuring: number | null };
  readonly exercises: readonly ExerciseResult[];
  readonly seconds: number;
}
