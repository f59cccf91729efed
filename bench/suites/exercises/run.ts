/**
 * Runs the exercises of `tools/exercises.ts` as benchmarks: imports each example, and calls its
 * `benchmark.run(settings)` in this process, one run after another — a warm-up, then the
 * measured runs — at each worker count, each Deno run followed by one run of the Python
 * counterpart when asked. Returns the results file's content.
 *
 * @module
 */
import type { BenchSettings } from "../../../examples/_exercise.ts";
import { EXERCISES } from "../../../tools/exercises.ts";
import type { Options } from "../../harness/cli.ts";
import { type Environment, environment } from "../../harness/env.ts";
import { loadMeter, othersBusy } from "../../harness/load.ts";
import { findPython, type Python } from "../../harness/python.ts";
import {
  checkTimings,
  matchesFilter,
  message,
  planExercises,
  type Planned,
  stepsOf,
} from "./plan.ts";
import { Progress, stepLabel } from "./progress.ts";
import { runPythonExercise } from "./python.ts";
import { collectSeries, type RawSeries, round } from "./series.ts";
import {
  type BenchResults,
  type ExerciseResult,
  type RecordedParameters,
  SCHEMA_VERSION,
} from "./types.ts";

/** What the runner reports along the way. */
export interface RunnerHooks {
  /** A line for the person watching (on stderr). */
  note(text: string): void;
  /** Called once the modules are loaded, before the first run. */
  start?(env: Environment, python: Python | null, steps: number): void;
}

/** One exercise's run in progress: its plan, the notes so far, and whether it failed. */
interface Running {
  readonly plan: Planned;
  readonly python: Python | null;
  readonly args: Options;
  readonly progress: Progress;
  readonly notes: string[];
  failed: boolean;
}

/** One Deno run, then its Python counterpart's when asked; null timings when a run failed. */
async function runPair(
  r: Running,
  settings: BenchSettings,
  run: number,
): Promise<[Record<string, number>, Record<string, number> | null] | null> {
  const { plan, progress } = r;
  const name = plan.exercise.name;
  progress.start(stepLabel(name, settings.workers, run, false));
  let timings: Record<string, number>;
  try {
    timings = checkTimings(await plan.benchmark.run(settings));
  } catch (error) {
    r.failed = true;
    r.notes.push(`run failed at workers ${settings.workers}: ${message(error)}`);
    progress.note(`${name}: ${r.notes.at(-1)}`);
    return null;
  }
  progress.step();
  if (plan.python.status !== "ok" || r.python === null) return [timings, null];
  progress.start(stepLabel(name, settings.workers, run, true));
  try {
    const out = await runPythonExercise(r.python, name, settings);
    plan.python = { ...plan.python, version: out.python };
    return [timings, out.timings];
  } catch (error) {
    plan.python = { ...plan.python, status: "failed", error: message(error) };
    r.notes.push(`Python counterpart failed, left out from here on: ${message(error)}`);
    progress.note(`${name}: Python counterpart failed: ${message(error)}`);
    return [timings, null];
  } finally {
    progress.step();
  }
}

/** The warm-up and measured runs at one worker count; null when a run failed. */
async function runSeries(r: Running, workers: number): Promise<RawSeries | null> {
  const started = performance.now();
  const settings: BenchSettings = { workers, quick: r.args.quick, seed: r.args.seed };
  const deno: Record<string, number>[] = [];
  const python: (Record<string, number> | null)[] = [];
  for (let run = -r.args.warmup; run < r.args.runs; run++) {
    const pair = await runPair(r, settings, run);
    if (pair === null) return null;
    if (run < 0) continue;
    deno.push(pair[0]);
    python.push(pair[1]);
  }
  return { workers, deno, python, seconds: (performance.now() - started) / 1000 };
}

/** Runs one planned exercise at each of its worker counts. */
async function runExercise(r: Running): Promise<ExerciseResult> {
  const { plan, progress } = r;
  const started = performance.now();
  const expected = stepsOf([plan], r.args.warmup + r.args.runs);
  const doneBefore = progress.done;
  if (plan.python.status === "no counterpart") {
    r.notes.push(`no Python counterpart (${plan.python.script})`);
  }
  const raw: RawSeries[] = [];
  for (const workers of plan.counts) {
    const series = await runSeries(r, workers);
    if (series === null) break;
    raw.push(series);
  }
  // Steps a failure (or a failed Python counterpart) left out no longer count.
  progress.drop(expected - (progress.done - doneBefore));
  const { benchmark, exercise } = plan;
  const parallel = benchmark.parallelFigure ?? null;
  const serial = benchmark.serialFigure ?? null;
  const collected = collectSeries(raw, parallel, serial);
  return {
    name: exercise.name,
    script: exercise.script,
    title: typeof benchmark.title === "string" ? benchmark.title : null,
    status: r.failed ? "failed" : "ok",
    notes: [...r.notes, ...collected.notes],
    parallelFigure: parallel,
    serialFigure: serial,
    python: plan.python,
    series: collected.series,
    seconds: round((performance.now() - started) / 1000),
  };
}

async function pythonFor(args: Options, hooks: RunnerHooks): Promise<Python | null> {
  if (!args.python) return null;
  const python = await findPython();
  if (python === null) hooks.note("python3 not found on PATH: running the Deno side only");
  return python;
}

/** The parameters as the results file records them. */
function recordedParameters(args: Options): RecordedParameters {
  const { runs, warmup, quick, seed, workers, filter, python } = args;
  const workerCounts = args.workerList === null ? null : [...args.workerList];
  return { runs, warmup, quick, seed, workers, workerCounts, filter, python };
}

/** Runs every planned exercise, one after another, with a progress bar over their steps. */
async function runPlanned(
  planned: readonly Planned[],
  args: Options,
  python: Python | null,
  progress: Progress,
): Promise<ExerciseResult[]> {
  const results: ExerciseResult[] = [];
  for (const plan of planned) {
    results.push(await runExercise({ plan, python, args, progress, notes: [], failed: false }));
  }
  progress.clear();
  return results;
}

/** Runs the benchmark that `args` describes (everything but `--validate` and the output). */
export async function runExercises(
  args: Options,
  argv: readonly string[],
  hooks: RunnerHooks,
  quietProgress: boolean,
): Promise<BenchResults> {
  const started = performance.now();
  const env = environment();
  const selected = EXERCISES.filter((e) => matchesFilter(e.name, args.filter));
  if (selected.length === 0) {
    hooks.note(`--filter ${args.filter} matches no exercise of tools/exercises.ts`);
  }
  const python = await pythonFor(args, hooks);
  // Load every module first, so the progress bar knows how many steps there are.
  const results = new Map<string, ExerciseResult>();
  const planned = await planExercises(selected, args, python, (text) => hooks.note(text), results);
  const steps = stepsOf(planned, args.warmup + args.runs);
  hooks.start?.(env, python, steps);
  const progress = Progress.forStderr(steps, quietProgress);
  const othersBefore = await othersBusy();
  // Other processes' share of the cores over the Deno runs: the Python runs' ticks left out.
  const during = loadMeter();
  for (const result of await runPlanned(planned, args, python, progress)) {
    results.set(result.name, result);
  }
  const othersDuring = during();
  const share = (x: number | null) => x === null ? null : round(x);
  return {
    schema: SCHEMA_VERSION,
    args: [...argv],
    environment: env,
    parameters: recordedParameters(args),
    python: python === null ? null : { executable: python.executable, version: python.version },
    cpu: { othersBefore: share(othersBefore), othersDuring: share(othersDuring) },
    exercises: selected.map((e) => results.get(e.name)!),
    seconds: round((performance.now() - started) / 1000),
  };
}
