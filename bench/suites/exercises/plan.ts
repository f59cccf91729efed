/**
 * Plans a benchmark run: imports each exercise's module, checks its `benchmark` export, and
 * settles its worker counts and whether its Python counterpart runs. Exercises that cannot run
 * get their result (skipped or failed) here.
 *
 * @module
 */
import type { Exercise } from "../../../tools/exercises.ts";
import type { ExerciseBenchmark } from "../../../examples/_exercise.ts";
import type { Options } from "../../harness/cli.ts";
import type { Python } from "../../harness/python.ts";
import { hasPythonCounterpart, pythonScriptPath } from "./python.ts";
import type { ExerciseResult, PythonResult, PythonStatus } from "./types.ts";

const ROOT = new URL("../../../", import.meta.url);

/**
 * The worker counts of one exercise, increasing. Without a `parallelFigure`: the largest count
 * alone. With one: the `--workers` list if given; otherwise the exercise's `workerCounts`
 * (default 1, 2, 4) with the largest count added, all capped at a single `--workers N`.
 *
 * @example
 * ```ts
 * import { workerCountsFor } from "./plan.ts";
 * const args = { workers: 2, workerList: null, workersCapped: true };
 * if (workerCountsFor(args, true, undefined).join() !== "1,2") throw new Error("capped at 2");
 * ```
 */
export function workerCountsFor(
  args: Pick<Options, "workers" | "workerList" | "workersCapped">,
  parallel: boolean,
  own: readonly number[] | undefined,
): number[] {
  if (!parallel) return [args.workers];
  if (args.workerList !== null) return [...args.workerList];
  let counts = [...(own ?? [1, 2, 4]), args.workers].filter((n) => Number.isInteger(n) && n >= 1);
  if (args.workersCapped) counts = counts.filter((n) => n <= args.workers);
  return [...new Set(counts)].sort((a, b) => a - b);
}

/** Whether an exercise named `name` passes `--filter` (substring, or RegExp when it compiles). */
export function matchesFilter(name: string, filter: string | null): boolean {
  if (filter === null || name.includes(filter)) return true;
  const literal = /^\/(.*)\/([a-z]*)$/s.exec(filter);
  try {
    return (literal === null ? new RegExp(filter) : new RegExp(literal[1]!, literal[2])).test(name);
  } catch {
    return false;
  }
}

/** The first line of an error's message, at most 300 characters. */
export function message(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split("\n")[0]!.slice(0, 300);
}

/** The `benchmark` export of a module, checked, or a note on why there is none. */
export function benchmarkOf(module: Record<string, unknown>): ExerciseBenchmark | string {
  const b = module.benchmark as Partial<ExerciseBenchmark> | undefined;
  if (b === undefined) return "no `benchmark` export yet";
  if (b === null || typeof b !== "object" || typeof b.run !== "function") {
    return "`benchmark` is not an ExerciseBenchmark (no run())";
  }
  return b as ExerciseBenchmark;
}

/** Checks what `run()` returned: an object of finite, non-negative seconds. */
export function checkTimings(value: unknown): Record<string, number> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new TypeError(`run() returned ${JSON.stringify(value)}, not an object of timings`);
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) throw new TypeError("run() returned no timings");
  for (const [name, seconds] of entries) {
    if (typeof seconds !== "number" || !Number.isFinite(seconds) || seconds < 0) {
      throw new TypeError(`run() returned ${JSON.stringify(seconds)} for "${name}", not seconds`);
    }
  }
  return value as Record<string, number>;
}

/** One exercise ready to run. */
export interface Planned {
  readonly exercise: Exercise;
  readonly benchmark: ExerciseBenchmark;
  readonly counts: readonly number[];
  python: PythonResult;
}

/** Settings of every step, for counting them up front. */
export function stepsOf(planned: readonly Planned[], perSeries: number): number {
  return planned.reduce(
    (sum, p) => sum + p.counts.length * perSeries * (p.python.status === "ok" ? 2 : 1),
    0,
  );
}

function pythonResult(name: string, status: PythonStatus): PythonResult {
  return { status, script: pythonScriptPath(name), version: null, error: null };
}

function skipped(exercise: Exercise, status: "skipped" | "failed", note: string): ExerciseResult {
  return {
    name: exercise.name,
    script: exercise.script,
    title: null,
    status,
    notes: [note],
    parallelFigure: null,
    serialFigure: null,
    python: pythonResult(exercise.name, "not requested"),
    series: [],
    seconds: 0,
  };
}

/**
 * Loads every selected exercise, so the progress bar knows how many steps there are: returns
 * those ready to run, and sets the result of each that is not in `results`.
 */
export async function planExercises(
  selected: readonly Exercise[],
  args: Options,
  python: Python | null,
  warn: (text: string) => void,
  results: Map<string, ExerciseResult>,
): Promise<Planned[]> {
  const planned: Planned[] = [];
  for (const exercise of selected) {
    let module: Record<string, unknown>;
    try {
      module = await import(new URL(exercise.script, ROOT).href);
    } catch (error) {
      const note = `could not load ${exercise.script}: ${message(error)}`;
      warn(`${exercise.name}: ${note}`);
      results.set(exercise.name, skipped(exercise, "failed", note));
      continue;
    }
    const benchmark = benchmarkOf(module);
    if (typeof benchmark === "string") {
      warn(`${exercise.name}: ${benchmark}`);
      results.set(exercise.name, skipped(exercise, "skipped", benchmark));
      continue;
    }
    const parallel = benchmark.parallelFigure !== undefined;
    const counts = workerCountsFor(args, parallel, benchmark.workerCounts);
    let status: PythonStatus = "not requested";
    if (args.python) {
      status = python === null
        ? "python3 not found"
        : await hasPythonCounterpart(exercise.name)
        ? "ok"
        : "no counterpart";
    }
    planned.push({ exercise, benchmark, counts, python: pythonResult(exercise.name, status) });
  }
  return planned;
}
