/**
 * Runs the exercises of `tasks/exercises.ts` as benchmarks: imports each example, and calls its
 * `benchmark.run(settings)` in this process, one run after another — a warm-up, then the
 * measured runs — at each worker count, each Deno run followed by one run of the Python
 * counterpart when asked. Returns the results file's content.
 *
 * @module
 */
import { EXERCISES } from "../../../tools/exercises.ts";
import type { BenchSettings } from "../../../examples/_exercise.ts";
import { cpuShares, cpuSnapshot, type Environment, environment, othersBusy } from "../env.ts";
import { findPython, type Python } from "../shared/python.ts";
import { type BenchArgs, matchesFilter } from "./args.ts";
import { checkTimings, message, planExercises, stepsOf } from "./plan.ts";
import { Progress, stepLabel } from "./progress.ts";
import { pythonTicks, runPythonExercise } from "./python.ts";
import { collectSeries, type RawSeries, round } from "./series.ts";
import { type BenchResults, type ExerciseResult, SCHEMA_VERSION } from "./types.ts";

/** What the runner reports along the way. */
export interface RunnerHooks {
  /** A line for the person watching (on stderr). */
  note(text: string): void;
  /** Called once the modules are loaded, before the first run. */
  start?(env: Environment, python: Python | null, steps: number): void;
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
  const planned = await planExercises(
    selected,
    args,
    python,
    (text) => hooks.note(text),
    results,
  );

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
    const collected = collectSeries(raw, parallel, serial);
    const series = collected.series;
    notes.push(...collected.notes);
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
