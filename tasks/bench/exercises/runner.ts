/**
 * Runs the exercises of `tasks/exercises.ts` as benchmarks: imports each example, and calls its
 * `benchmark.run(settings)` in this process, one run after another — a warm-up, then the
 * measured runs — at each worker count, each Deno run followed by one run of the Python
 * counterpart when asked. Returns the results file's content.
 *
 * @module
 */
import { type Exercise, EXERCISES } from "../../exercises.ts";
import type { BenchSettings, ExerciseBenchmark } from "../exercise.ts";
import { cpuShares, cpuSnapshot, type Environment, environment, othersBusy } from "../env.ts";
import { findPython, type Python } from "../shared/python.ts";
import { median, summarize } from "../stats.ts";
import { type BenchArgs, matchesFilter, workerCountsFor } from "./args.ts";
import { Progress, stepLabel } from "./progress.ts";
import {
  hasPythonCounterpart,
  pythonScriptPath,
  pythonTicks,
  runPythonExercise,
} from "./python.ts";
import {
  type BenchResults,
  type ExerciseResult,
  type FigureResult,
  type PythonResult,
  type PythonStatus,
  SCHEMA_VERSION,
  type SeriesResult,
  type Stat,
} from "./types.ts";

const ROOT = new URL("../../../", import.meta.url);

/** Six significant digits: more than any figure's noise, and a readable JSON file. */
function round(x: number): number {
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

/** `stat` of the values, or null when there are none. */
function statOrNull(samples: readonly number[]): Stat | null {
  return samples.length === 0 ? null : stat(samples);
}

function message(error: unknown): string {
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
interface Planned {
  readonly exercise: Exercise;
  readonly benchmark: ExerciseBenchmark;
  readonly counts: readonly number[];
  python: PythonResult;
}

/** The timings of the measured runs of one series (Python's null where it did not run). */
interface RawSeries {
  readonly workers: number;
  readonly deno: Record<string, number>[];
  readonly python: (Record<string, number> | null)[];
  readonly seconds: number;
}

/** What the runner reports along the way. */
export interface RunnerHooks {
  /** A line for the person watching (on stderr). */
  note(text: string): void;
  /** Called once the modules are loaded, before the first run. */
  start?(env: Environment, python: Python | null, steps: number): void;
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

/** Settings of every step, for counting them up front. */
function stepsOf(planned: readonly Planned[], perSeries: number): number {
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

/** Runs the benchmark that `args` describes (everything but `--validate` and the output). */
export async function runBench(
  args: BenchArgs,
  argv: readonly string[],
  hooks: RunnerHooks,
  quietProgress: boolean,
): Promise<BenchResults> {
  const started = performance.now();
  const env = environment();
  const selected = EXERCISES.filter((e) => matchesFilter(e.name, args.filter));
  if (selected.length === 0) {
    hooks.note(`--filter ${args.filter} matches no exercise of tasks/exercises.ts`);
  }

  let python: Python | null = null;
  if (args.python) {
    python = await findPython();
    if (python === null) {
      hooks.note("python3 not found on PATH: running the Deno side only");
    }
  }

  // Load every module first, so the progress bar knows how many steps there are.
  const results = new Map<string, ExerciseResult>();
  const planned: Planned[] = [];
  for (const exercise of selected) {
    let module: Record<string, unknown>;
    try {
      module = await import(new URL(exercise.script, ROOT).href);
    } catch (error) {
      const note = `could not load ${exercise.script}: ${message(error)}`;
      hooks.note(`${exercise.name}: ${note}`);
      results.set(exercise.name, skipped(exercise, "failed", note));
      continue;
    }
    const benchmark = benchmarkOf(module);
    if (typeof benchmark === "string") {
      hooks.note(`${exercise.name}: ${benchmark}`);
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

  const perSeries = args.warmup + args.runs;
  hooks.start?.(env, python, stepsOf(planned, perSeries));
  const progress = Progress.forStderr(stepsOf(planned, perSeries), quietProgress);
  const note = (text: string) => progress.note(text);
  const othersBefore = await othersBusy();
  const cpuStart = cpuSnapshot();
  const pythonStart = pythonTicks();

  for (const plan of planned) {
    const { exercise, benchmark } = plan;
    const exerciseStart = performance.now();
    const expected = stepsOf([plan], perSeries);
    const doneBefore = progress.done;
    const notes: string[] = [];
    const raw: RawSeries[] = [];
    let failed = false;
    if (plan.python.status === "no counterpart") {
      notes.push(`no Python counterpart (${plan.python.script})`);
    }
    for (const workers of plan.counts) {
      const seriesStart = performance.now();
      const settings: BenchSettings = { workers, quick: args.quick, seed: args.seed };
      const deno: Record<string, number>[] = [];
      const py: (Record<string, number> | null)[] = [];
      for (let run = -args.warmup; run < args.runs && !failed; run++) {
        progress.start(stepLabel(exercise.name, workers, run, false));
        let timings: Record<string, number>;
        try {
          timings = checkTimings(await benchmark.run(settings));
        } catch (error) {
          failed = true;
          const text = `run failed at workers ${workers}: ${message(error)}`;
          notes.push(text);
          note(`${exercise.name}: ${text}`);
          break;
        }
        progress.step();
        let pyTimings: Record<string, number> | null = null;
        if (plan.python.status === "ok" && python !== null) {
          progress.start(stepLabel(exercise.name, workers, run, true));
          try {
            const out = await runPythonExercise(python, exercise.name, settings);
            plan.python = { ...plan.python, version: out.python };
            pyTimings = out.timings;
          } catch (error) {
            plan.python = { ...plan.python, status: "failed", error: message(error) };
            notes.push(`Python counterpart failed, left out from here on: ${message(error)}`);
            note(`${exercise.name}: Python counterpart failed: ${message(error)}`);
          }
          progress.step();
        }
        if (run >= 0) {
          deno.push(timings);
          py.push(pyTimings);
        }
      }
      if (deno.length > 0 && !failed) {
        raw.push({ workers, deno, python: py, seconds: (performance.now() - seriesStart) / 1000 });
      }
      if (failed) break;
    }
    // Steps a failure (or a failed Python counterpart) left out no longer count.
    progress.drop(expected - (progress.done - doneBefore));

    const parallel = benchmark.parallelFigure ?? null;
    const serial = benchmark.serialFigure ?? null;
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
    results.set(exercise.name, {
      name: exercise.name,
      script: exercise.script,
      title: typeof benchmark.title === "string" ? benchmark.title : null,
      status: failed ? "failed" : "ok",
      notes,
      parallelFigure: parallel,
      serialFigure: serial,
      python: plan.python,
      series,
      seconds: round((performance.now() - exerciseStart) / 1000),
    });
  }
  progress.clear();

  // Other processes' share of the cores over the Deno runs: the Python runs' ticks left out.
  const cpuEnd = cpuSnapshot();
  const pythonEnd = pythonTicks();
  const others = cpuStart === null || cpuEnd === null ? null : cpuShares(cpuStart, {
    total: cpuEnd.total - (pythonEnd.total - pythonStart.total),
    idle: cpuEnd.idle - (pythonEnd.idle - pythonStart.idle),
    self: cpuEnd.self - (pythonEnd.self - pythonStart.self),
  })?.others ?? null;

  return {
    schema: SCHEMA_VERSION,
    args: [...argv],
    environment: env,
    parameters: {
      runs: args.runs,
      warmup: args.warmup,
      quick: args.quick,
      seed: args.seed,
      workers: args.workers,
      workerCounts: args.workerList === null ? null : [...args.workerList],
      filter: args.filter,
      python: args.python,
    },
    python: python === null ? null : { executable: python.executable, version: python.version },
    cpu: {
      othersBefore: othersBefore === null ? null : round(othersBefore),
      othersDuring: others === null ? null : round(others),
    },
    exercises: selected.map((e) => results.get(e.name)!),
    seconds: round((performance.now() - started) / 1000),
  };
}
