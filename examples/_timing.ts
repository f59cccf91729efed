/**
 * How the math examples run their `%timeit` lines: by default 7 runs of about 0.1 s each (so a
 * script stays short), `--ipython` for IPython's own loop count, `--quick` for a fixed small one.
 *
 * @module
 */
import { parseArgs } from "node:util";
import type { ExerciseBenchmark } from "./_exercise.ts";
import { timeit, timeitAsync, type TimeitOptions, type TimeitResult } from "../numeric.ts";

/** How `%timeit` lines are run: `-n`/`-r` chosen by {@linkcode timingFor}. */
export type Timing = {
  line(fn: () => unknown): TimeitResult;
  lineAsync(fn: () => Promise<unknown>): Promise<TimeitResult>;
};

/** The largest of 1, 2, 5, 10, 20, 50, … loops that fit in `seconds`, for calls of `perCall` s. */
function loopsFor(seconds: number, perCall: number): number {
  let loops = 1;
  for (const next of [2, 5, 10]) {
    for (let scale = 1; scale <= 1e9; scale *= 10) {
      if (next * scale * perCall <= seconds) loops = Math.max(loops, next * scale);
    }
  }
  return loops;
}

/**
 * `--ipython`: IPython's own choice (loops for a 0.2–2 s run, 7 runs); `--quick`: `number`
 * calls, 2 runs; otherwise 7 runs of about 0.1 s each, so the script stays short.
 */
export function timingFor(mode: "ipython" | "quick" | "short", number: number): Timing {
  const fixed: TimeitOptions | undefined = mode === "ipython"
    ? { quiet: true }
    : mode === "quick"
    ? { number, repeat: 2, quiet: true }
    : undefined;
  return {
    line(fn) {
      if (fixed !== undefined) return timeit(fn, fixed);
      const start = performance.now();
      let calls = 0;
      do {
        fn();
        calls++;
      } while (performance.now() - start < 20);
      const perCall = (performance.now() - start) / 1000 / calls;
      return timeit(fn, { number: loopsFor(0.1, perCall), quiet: true });
    },
    async lineAsync(fn) {
      if (fixed !== undefined) return await timeitAsync(fn, fixed);
      const start = performance.now();
      let calls = 0;
      do {
        await fn();
        calls++;
      } while (performance.now() - start < 20);
      const perCall = (performance.now() - start) / 1000 / calls;
      return await timeitAsync(fn, { number: loopsFor(0.1, perCall), quiet: true });
    },
  };
}

/** The timing asked for by `--quick` (`quickNumber` calls per run) or `--ipython` in `args`. */
export function timingFromArgs(args: string[], quickNumber: number): Timing {
  const flags = parseArgs({
    args,
    options: {
      quick: { type: "boolean", default: false },
      ipython: { type: "boolean", default: false },
    },
  }).values;
  return timingFor(flags.ipython ? "ipython" : flags.quick ? "quick" : "short", quickNumber);
}

/** What one run of `fn` returned (awaited) and the seconds it took: a one-run figure. */
export async function timed<T>(fn: () => T | Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const value = await fn();
  return [value, (performance.now() - start) / 1000];
}

/** Seconds per call of `fn`, over a fixed loop of `calls` calls (for calls of µs or less). */
export function secondsPerCall(fn: () => unknown, calls: number): number {
  const start = performance.now();
  for (let i = 0; i < calls; i++) fn();
  return (performance.now() - start) / 1000 / calls;
}

/**
 * A benchmark of tiny-array versions: seconds per call of each `[figure, label, call]` that
 * `versions` lists, over 1,000 calls (quick) or 100,000, after which `check` verifies the answers.
 */
export function perCallBenchmark<S>(
  title: string,
  setUp: () => S,
  versions: (setup: S) => readonly (readonly [string, string, () => unknown])[],
  check: (setup: S) => void,
): ExerciseBenchmark {
  return {
    title,
    run({ quick }) {
      const setup = setUp();
      const figures: Record<string, number> = {};
      for (const [figure, , call] of versions(setup)) {
        figures[figure] = secondsPerCall(call, quick ? 1_000 : 100_000);
      }
      check(setup);
      return Promise.resolve(figures);
    },
  };
}
