/**
 * Runs each example's `benchmark.run(settings)` in this process: a warm-up then the measured runs
 * at each worker count, each followed by one run of its Python counterpart when asked.
 *
 * @module
 */
import type { ExerciseBenchmark } from "../../../examples/_exercise.ts";
import { type Exercise, EXERCISES } from "../../../tools/exercises.ts";
import type { Options } from "../../harness/cli.ts";
import { attempt, environment, formatEnvironment } from "../../harness/env.ts";
import { loadMeter, othersBusy } from "../../harness/load.ts";
import { findPython, type Python, runPython } from "../../harness/python.ts";
import { collectSeries, type RawSeries, round } from "./series.ts";
import {
  type BenchResults,
  type ExerciseResult,
  type PythonResult,
  SCHEMA_VERSION,
} from "./types.ts";

const ROOT = new URL("../../../", import.meta.url);
type Timings = Record<string, number>;

/** An exercise with its `benchmark` (null when it cannot run), and how it is going. */
interface Planned {
  readonly exercise: Exercise;
  readonly benchmark: ExerciseBenchmark | null;
  readonly counts: readonly number[];
  status: ExerciseResult["status"];
  readonly notes: string[];
  python: PythonResult;
}

/** Whether `name` passes `--filter`: contains it, or matches it as a RegExp (`/…/flags` too). */
function matchesFilter(name: string, filter: string | null): boolean {
  if (filter === null || name.includes(filter)) return true;
  const [, source = filter, flags = ""] = /^\/(.*)\/([a-z]*)$/s.exec(filter) ?? [];
  return attempt(() => new RegExp(source, flags).test(name)) ?? false;
}

/** The first line of an error's message, at most 300 characters. */
function message(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0]!.slice(0, 300);
}

/** `value` as timings: an object of finite, non-negative seconds by figure name, or it throws. */
function checkTimings(value: unknown, source: string): Timings {
  const ok = value !== null && typeof value === "object" && !Array.isArray(value);
  const seconds = ok ? Object.values(value) : [];
  if (
    seconds.length === 0 || !seconds.every((s) => typeof s === "number" && s >= 0 && s < Infinity)
  ) {
    throw new TypeError(
      `${source} returned ${JSON.stringify(value)?.slice(0, 200)}, not seconds by figure`,
    );
  }
  return value as Timings;
}

/**
 * The worker counts of an exercise, increasing: without a `parallelFigure` the largest alone; with
 * one the `--workers` list, or its own (default 1, 2, 4) and the largest, capped by `--workers N`.
 */
function workerCounts(args: Options, benchmark: ExerciseBenchmark): readonly number[] {
  if (benchmark.parallelFigure === undefined) return [args.workers];
  if (args.workerList !== null) return args.workerList;
  const counts = [...(benchmark.workerCounts ?? [1, 2, 4]), args.workers].filter((n) =>
    Number.isInteger(n) && n >= 1 && (!args.workersCapped || n <= args.workers)
  );
  return [...new Set(counts)].sort((a, b) => a - b);
}

/** Loads an exercise's module and settles its worker counts and Python counterpart. */
async function plan(exercise: Exercise, args: Options, python: Python | null): Promise<Planned> {
  const script = `bench/python/exercises/${exercise.name}.py`;
  const notRun = (status: Planned["status"], note: string): Planned => {
    console.error(`${exercise.name}: ${note}`);
    const python: PythonResult = { status: "not requested", script, version: null, error: null };
    return { exercise, benchmark: null, counts: [], status, notes: [note], python };
  };
  let benchmark: Partial<ExerciseBenchmark> | null | undefined;
  try {
    benchmark = (await import(new URL(exercise.script, ROOT).href)).benchmark;
  } catch (error) {
    return notRun("failed", `could not load ${exercise.script}: ${message(error)}`);
  }
  if (benchmark === undefined) return notRun("skipped", "no `benchmark` export yet");
  if (benchmark === null || typeof benchmark !== "object" || typeof benchmark.run !== "function") {
    return notRun("skipped", "`benchmark` is not an ExerciseBenchmark (no run())");
  }
  let status: PythonResult["status"] = args.python ? "python3 not found" : "not requested";
  if (args.python && python !== null) {
    const found = await Deno.stat(new URL(script, ROOT)).then((s) => s.isFile, () => false);
    status = found ? "ok" : "no counterpart";
  }
  return {
    exercise,
    benchmark: benchmark as ExerciseBenchmark,
    counts: workerCounts(args, benchmark as ExerciseBenchmark),
    status: "ok",
    notes: status === "no counterpart" ? [`no Python counterpart (${script})`] : [],
    python: { status, script, version: null, error: null },
  };
}

/** A `[done/total] step` line redrawn in place on stderr; silent when `shown` is false. */
class Progress {
  done = 0;
  constructor(readonly total: number, readonly shown: boolean) {}

  /** Clears the line; then shows `step`, cut to the terminal's width. */
  show(step = ""): void {
    const columns = attempt(() => Deno.consoleSize().columns) ?? 80;
    const line = step === "" ? "" : `[${this.done}/${this.total}] ${step}`.slice(0, columns - 1);
    if (this.shown) Deno.stderr.writeSync(new TextEncoder().encode(`\r${line}\x1b[K`));
  }
}

/** Runs of an exercise, its counterpart's included, for the progress line. */
function stepsOf(p: Planned, args: Options): number {
  return p.counts.length * (args.warmup + args.runs) * (p.python.status === "ok" ? 2 : 1);
}

/** Runs one exercise at each of its worker counts; a failed Deno run ends it. */
async function runExercise(
  p: Planned,
  args: Options,
  python: Python | null,
  progress: Progress,
): Promise<ExerciseResult> {
  const started = performance.now();
  const { exercise, benchmark } = p;
  const doneAfter = progress.done + stepsOf(p, args);
  const note = (text: string): void => {
    p.notes.push(text);
    progress.show();
    console.error(`${exercise.name}: ${text}`);
  };
  const raw: RawSeries[] = [];
  try {
    for (const workers of p.counts) {
      const seriesStarted = performance.now();
      const flags = ["--workers", `${workers}`, "--seed", `${args.seed}`];
      const deno: Timings[] = [];
      const pythons: (Timings | null)[] = [];
      for (let run = -args.warmup; run < args.runs; run++) {
        const step = `${exercise.name} (workers ${workers}, ${
          run < 0 ? "warm-up" : `run ${run + 1}`
        }`;
        progress.show(`${step})`);
        const settings = { workers, quick: args.quick, seed: args.seed };
        const mine = checkTimings(await benchmark!.run(settings), "run()");
        progress.done++;
        let theirs: Timings | null = null;
        if (p.python.status === "ok" && python !== null) {
          progress.show(`${step}, python)`);
          try {
            const printed = await runPython<{ python?: unknown; timings?: unknown } | null>(
              python,
              `exercises/${exercise.name}.py`,
              args.quick ? [...flags, "--quick"] : flags,
            );
            theirs = checkTimings(printed?.timings, p.python.script);
            const version = typeof printed?.python === "string" ? printed.python : "unknown";
            p.python = { ...p.python, version };
          } catch (error) {
            p.python = { ...p.python, status: "failed", error: message(error) };
            note(`Python counterpart failed, left out from here on: ${message(error)}`);
          }
          progress.done++;
        }
        if (run >= 0) deno.push(mine);
        if (run >= 0) pythons.push(theirs);
      }
      const seconds = (performance.now() - seriesStarted) / 1000;
      raw.push({ workers, deno, python: pythons, seconds });
    }
  } catch (error) {
    p.status = "failed";
    // `raw` holds the series that finished: the next worker count is the one that failed.
    note(`run failed at workers ${p.counts[raw.length]}: ${message(error)}`);
  }
  progress.done = doneAfter; // The steps a failure left out count as done.
  const parallel = benchmark?.parallelFigure ?? null;
  const serial = benchmark?.serialFigure ?? null;
  const collected = collectSeries(raw, parallel, serial);
  return {
    name: exercise.name,
    script: exercise.script,
    title: typeof benchmark?.title === "string" ? benchmark.title : null,
    status: p.status,
    notes: [...p.notes, ...collected.notes],
    parallelFigure: parallel,
    serialFigure: serial,
    python: p.python,
    series: collected.series,
    seconds: benchmark === null ? 0 : round((performance.now() - started) / 1000),
  };
}

/** Runs the benchmark that `args` describes, printing its header and a progress line. */
export async function runExercises(args: Options, argv: readonly string[]): Promise<BenchResults> {
  const started = performance.now();
  const env = environment();
  const selected = EXERCISES.filter((e) => matchesFilter(e.name, args.filter));
  if (selected.length === 0) {
    console.error(`--filter ${args.filter} matches no exercise of tools/exercises.ts`);
  }
  const python = args.python ? await findPython() : null;
  if (args.python && python === null) {
    console.error("python3 not found on PATH: running the Deno side only");
  }
  // Every module first, so the progress line knows how many steps there are.
  const planned: Planned[] = [];
  for (const exercise of selected) planned.push(await plan(exercise, args, python));
  const steps = planned.reduce((sum, p) => sum + stepsOf(p, args), 0);
  console.log(`multiproc exercise benchmarks${args.quick ? " (--quick)" : ""}`);
  console.log(formatEnvironment(env));
  console.log(
    `seed ${args.seed} · ${args.warmup} warm-up + ${args.runs} measured runs · ` +
      `${steps} runs in all · median [min–max]` +
      (python === null ? "" : ` · Python ${python.version}, ratio pair by pair`),
  );
  const progress = new Progress(steps, args.json === null && Deno.stderr.isTerminal());
  const othersBefore = await othersBusy();
  const othersSince = loadMeter(); // Over the Deno runs: `runPython` leaves the Python runs out.
  const exercises: ExerciseResult[] = [];
  for (const p of planned) exercises.push(await runExercise(p, args, python, progress));
  progress.show();
  const share = (x: number | null): number | null => x === null ? null : round(x);
  const { runs, warmup, quick, seed, workers, workerList: workerCounts, filter } = args;
  return {
    schema: SCHEMA_VERSION,
    args: [...argv],
    environment: env,
    parameters: { runs, warmup, quick, seed, workers, workerCounts, filter, python: args.python },
    python: python === null ? null : { executable: python.executable, version: python.version },
    cpu: { othersBefore: share(othersBefore), othersDuring: share(othersSince()) },
    exercises,
    seconds: round((performance.now() - started) / 1000),
  };
}
