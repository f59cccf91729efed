/**
 * The results file of `deno task bench`, version `multiproc-bench/1`: the TypeScript side of
 * `docs/bench-schema.json` (which documents every field). Times are in seconds; a "ratio" is
 * Python's time over Deno's, so above 1 means Deno was faster.
 *
 * @module
 */
import type { Environment } from "../../harness/env.ts";
import type { Stat } from "../../harness/stats.ts";

export type { Stat };

/** The value of the `schema` field: bump the number on any incompatible change. */
export const SCHEMA_VERSION = "multiproc-bench/1";

/** One figure (one named timing) of one exercise at one worker count. */
export interface FigureResult {
  /** Name of the timing as `benchmark.run()` returned it. */
  readonly name: string;
  /** Deno's seconds. */
  readonly deno: Stat;
  /** The Python counterpart's seconds for the same figure name, or null. */
  readonly python: Stat | null;
  /** Python ÷ Deno, run by run (each Deno run paired with the Python run after it), or null. */
  readonly ratio: Stat | null;
}

/** The runs of one exercise at one worker count. */
export interface SeriesResult {
  readonly workers: number;
  readonly figures: readonly FigureResult[];
  /** Deno's `serialFigure ÷ parallelFigure` run by run; null without a `parallelFigure`. */
  readonly speedup: Stat | null;
  /** The same for the Python counterpart, when it reported both figures. */
  readonly pythonSpeedup: Stat | null;
  /** Wall-clock seconds of the whole series, warm-up and Python runs included. */
  readonly seconds: number;
}

/** How the Python counterpart of an exercise went. */
export type PythonStatus =
  | "ok"
  | "not requested"
  | "python3 not found"
  | "no counterpart"
  | "failed";

/** The Python side of one exercise. */
export interface PythonResult {
  readonly status: PythonStatus;
  /** The script, relative to the repository root (`bench/python/exercises/<name>.py`). */
  readonly script: string;
  /** The Python version the script reported, when it ran. */
  readonly version: string | null;
  /** Why it failed, when it did. */
  readonly error: string | null;
}

/** Whether an exercise ran. */
export type ExerciseStatus = "ok" | "skipped" | "failed";

/** One exercise of `tools/exercises.ts`. */
export interface ExerciseResult {
  readonly name: string;
  /** The example module, relative to the repository root. */
  readonly script: string;
  /** `benchmark.title`, or null when the module has no `benchmark`. */
  readonly title: string | null;
  readonly status: ExerciseStatus;
  /** Why it was skipped or failed, and anything else worth a line in the report. */
  readonly notes: readonly string[];
  readonly parallelFigure: string | null;
  readonly serialFigure: string | null;
  readonly python: PythonResult;
  /** One entry per worker count, in increasing order; empty when skipped. */
  readonly series: readonly SeriesResult[];
  readonly seconds: number;
}

/** How the run was set up. */
export interface RecordedParameters {
  /** Measured runs per worker count. */
  readonly runs: number;
  /** Discarded runs before them. */
  readonly warmup: number;
  readonly quick: boolean;
  readonly seed: number;
  /** The worker count of exercises without a `parallelFigure` and of the summary table. */
  readonly workers: number;
  /** The `--workers` list given for exercises with a `parallelFigure`, or null for their own. */
  readonly workerCounts: readonly number[] | null;
  /** `--filter`, or null. */
  readonly filter: string | null;
  /** Whether `--python` was given. */
  readonly python: boolean;
}

/** The interpreter used for the Python counterparts. */
export interface PythonInterpreter {
  readonly executable: string;
  readonly version: string;
}

/** Other processes' share of all cores, to tell whether the figures can be trusted. */
export interface CpuLoad {
  /** Over 0.3 s before the first run. */
  readonly othersBefore: number | null;
  /** Over the Deno runs (Python runs left out). */
  readonly othersDuring: number | null;
}

/** The whole results file. */
export interface BenchResults {
  readonly schema: typeof SCHEMA_VERSION;
  /** The arguments `bench/main.ts` was given. */
  readonly args: readonly string[];
  readonly environment: Environment;
  readonly parameters: RecordedParameters;
  /** Null when `--python` was not given or no python3 was found. */
  readonly python: PythonInterpreter | null;
  readonly cpu: CpuLoad;
  readonly exercises: readonly ExerciseResult[];
  /** Wall-clock seconds of the whole benchmark. */
  readonly seconds: number;
}
