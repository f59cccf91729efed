/**
 * Runs each example's `benchmark.run(settings)` in this process: a warm-up then the measured runs
 * at each worker count, each followed by one run of its Python counterpart when asked.
 * @module
 */
import type { ExerciseBenchmark } from "../../../examples/_exercise.ts";
import { type Exercise, EXERCISES } from "../../../tools/exercises.ts";
import type { Options } from "../../harness/cli.ts";
import { attempt, environment, formatEnvironment } from "../../harness/env.ts";
import { loadMeter, othersBusy } from "../../harness/load.ts";
import { findPython, type Python, runPython } from "../../harness/python.ts";
import { collectSeries, type RawSeries, round } from "./series.ts";
import type { BenchResults, ExerciseResult, PythonResult } from "./types.ts";
import { SCHEMA_VERSION } from "./types.ts";

const ROOT = new URL("../../../", import.meta.url);
type Timings = Record<string, number>;

/** An exercise, its `benchmark` (null when it cannot run), and how it is going. */
interface Planned {
  readonly exercise: Exercise;
  readonly benchmark: ExerciseBenchmark | null;
  readonly counts: readonly number[];
  readonly steps: number; // Runs to make, the counterpart's included, for the progress line.
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

/** `value` if it is an object of finite, non-negative seconds by figure name; else it throws. */
function checkTimings(value: unknown, source: string): Timings {
  const object = typeof value === "object" && value !== null && !Array.isArray(value);
  const seconds = object ? Object.values(value) : [];
  if (seconds.length === 0 || !seconds.every((s) => Number.isFinite(s) && (s as number) >= 0)) {
    throw new TypeError(`${source} returned ${JSON.stringify(value)?.slice(0, 200)}, not timings`);
  }
  return value as Timings;
}

/** Loads an exercise's module and settles its worker counts and Python counterpart. */
async function plan(exercise: Exercise, args: Options, python: Python | null): Promise<Planned> {
  const script = `bench/python/exercises/${exercise.name}.py`;
  const notRun = (status: Planned["status"], note: string): Planned => {
    console.error(`${exercise.name}: ${note}`);
    const python: PythonResult = { status: "not requested", script, version: null, error: null };
    return { exercise, benchmark: null, counts: [], steps: 0, status, notes: [note], python };
  };
  let benchmark: ExerciseBenchmark | undefined;
  try {
    ({ benchmark } = await import(new URL(exercise.script, ROOT).href));
  } catch (error) {
    return notRun("failed", `could not load ${exercise.script}: ${message(error)}`);
  }
  if (benchmark === undefined) return notRun("skipped", "no `benchmark` export yet");
  if (typeof benchmark?.run !== "function") {
    return notRun("skipped", "`benchmark` is not an ExerciseBenchmark (no run())");
  }
  let status: PythonResult["status"] = args.python ? "python3 not found" : "not requested";
  if (args.python && python !== null) {
    const found = await Deno.stat(new URL(script, ROOT)).then((s) => s.isFile, () => false);
    status = found ? "ok" : "no counterpart";
  }
  // Increasing: the largest alone without a `parallelFigure`; with one, the `--workers` list, or
  // the exercise's own counts (default 1, 2, 4) and the largest, up to a single `--workers N`.
  const own = [...(benchmark.workerCounts ?? [1, 2, 4]), args.workers].filter((n) =>
    Number.isInteger(n) && n >= 1 && (!args.workersCapped || n <= args.workers)
  );
  let counts = args.workerList ?? [...new Set(own)].sort((a, b) => a - b);
  if (benchmark.parallelFigure === undefined) counts = [args.workers];
  return {
    exercise,
    benchmark,
    counts,
    steps: counts.length * (args.warmup + args.runs) * (status === "ok" ? 2 : 1),
    status: "ok",
    notes: status === "no counterpart" ? [`no Python counterpart (${script})`] : [],
    python: { status, script, version: null, error: null },
  };
}

/** Runs one exercise at each of its worker counts; a failed Deno run ends it. */
async function runExercise(
  p: Planned,
  args: Options,
  python: Python | null,
  show: (step?: string) => void,
): Promise<ExerciseResult> {
  const started = performance.now();
  const { exercise, benchmark } = p;
  const note = (text: string): void => {
    p.notes.push(text);
    show();
    console.error(`${exercise.name}: ${text}`);
  };
  const counterpart = `exercises/${exercise.name}.py`;
  const quick = args.quick ? ["--quick"] : [];
  const raw: RawSeries[] = [];
  try {
    for (const workers of p.counts) {
      const seriesStarted = performance.now();
      const settings = { workers, quick: args.quick, seed: args.seed };
      const flags = ["--workers", `${workers}`, "--seed", `${args.seed}`, ...quick];
      const deno: Timings[] = [];
      const pythons: (Timings | null)[] = [];
      for (let run = -args.warmup; run < args.runs; run++) {
        const which = run < 0 ? "warm-up" : `run ${run + 1}`;
        show(`${exercise.name} (workers ${workers}, ${which})`);
        deno.push(checkTimings(await benchmark!.run(settings), "run()"));
        let theirs: Timings | null = null;
        if (p.python.status === "ok" && python !== null) {
          show(`${exercise.name} (workers ${workers}, ${which}, python)`);
          try {
            const out = await runPython<Record<string, unknown>>(python, counterpart, flags);
            theirs = checkTimings(out?.timings, p.python.script);
            const version = typeof out?.python === "string" ? out.python : "unknown";
            p.python = { ...p.python, version };
          } catch (error) {
            p.python = { ...p.python, status: "failed", error: message(error) };
            note(`Python counterpart failed, left out from here on: ${message(error)}`);
          }
        }
        pythons.push(theirs);
      }
      // The first `warmup` runs are the warm-up.
      const measured = { deno: deno.slice(args.warmup), python: pythons.slice(args.warmup) };
      raw.push({ workers, ...measured, seconds: (performance.now() - seriesStarted) / 1000 });
    }
  } catch (error) {
    p.status = "failed";
    // `raw` holds the series that finished: the next worker count is the one that failed.
    note(`run failed at workers ${p.counts[raw.length]}: ${message(error)}`);
  }
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
    whySlowerInParallel: typeof benchmark?.whySlowerInParallel === "string"
      ? benchmark.whySlowerInParallel
      : null,
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
  const steps = planned.reduce((sum, p) => sum + p.steps, 0);
  const { runs, warmup, quick, seed, workers, workerList: workerCounts, filter } = args;
  const versus = python === null ? "" : ` · Python ${python.version}, ratio pair by pair`;
  console.log(
    `multiproc exercise benchmarks${quick ? " (--quick)" : ""}\n${formatEnvironment(env)}\n` +
      `seed ${seed} · ${warmup} warm-up + ${runs} measured runs · ${steps} runs in all · ` +
      `median [min–max]${versus}`,
  );
  // `[done/total] step` in place on stderr (a terminal, and no --json); without a step, clears it.
  const shown = args.json === null && Deno.stderr.isTerminal();
  let done = 0;
  const show = (step?: string): void => {
    const line = step === undefined ? "" : `[${done++}/${steps}] ${step}`;
    if (shown) Deno.stderr.writeSync(new TextEncoder().encode(`\r${line}\x1b[K`));
  };
  const othersBefore = await othersBusy();
  const othersSince = loadMeter(); // Over the Deno runs: `runPython` leaves the Python runs out.
  const exercises: ExerciseResult[] = [];
  // Where stderr is no terminal (CI, a log), a line per finished exercise shows the run moving.
  const logged = !Deno.stderr.isTerminal();
  for (const [i, p] of planned.entries()) {
    const doneAfter = done + p.steps; // The steps a failure left out count as done.
    const exerciseStart = performance.now();
    exercises.push(await runExercise(p, args, python, show));
    done = doneAfter;
    if (logged) {
      const seconds = ((performance.now() - exerciseStart) / 1000).toFixed(1);
      console.error(`[${i + 1}/${planned.length}] ${p.exercise.name} done in ${seconds} s`);
    }
  }
  show();
  const share = (x: number | null): number | null => x === null ? null : round(x);
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
