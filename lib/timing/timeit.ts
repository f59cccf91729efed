/**
 * IPython's `%timeit` for TypeScript: the same choice of loop count, the same statistics and the
 * same printed line.
 *
 * @module
 */
import { formatTime } from "./format_time.ts";

/**
 * Options of {@linkcode timeit} and {@linkcode timeitAsync}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * // IPython's `%timeit -q -r 3 -n 100`.
 * const options: TimeitOptions = { repeat: 3, number: 100, quiet: true };
 * const result = timeit(() => [3, 1, 2].sort(), options);
 * assert.equal(result.repeat, 3);
 * assert.equal(result.loops, 100);
 * ```
 */
export interface TimeitOptions {
  /** Runs to time (IPython's `-r`); 7 by default. */
  readonly repeat?: number;
  /**
   * Calls per run (IPython's `-n`). By default the first of 1, 10, 100, … whose run takes at
   * least 0.2 s, as IPython picks it.
   */
  readonly number?: number;
  /** Do not print the result line (IPython's `-q`). */
  readonly quiet?: boolean;
}

/**
 * What a timing measured, in seconds, with IPython's `TimeitResult` fields.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * // Two runs of 2 calls each, taking 0.5 s and 1.5 s.
 * const result = new TimeitResult(2, [0.5, 1.5]);
 * assert.deepEqual(result.timings, [0.25, 0.75]);
 * assert.equal(result.average, 0.5);
 * assert.equal(result.best, 0.25);
 * assert.equal(
 *   String(result),
 *   "500 ms ± 250 ms per loop (mean ± std. dev. of 2 runs, 2 loops each)",
 * );
 * ```
 */
export class TimeitResult {
  /** Calls per run. */
  readonly loops: number;
  /** Number of runs. */
  readonly repeat: number;
  /** Total seconds of each run. */
  readonly allRuns: readonly number[];
  /** Seconds per call of each run (`allRuns[i] / loops`). */
  readonly timings: readonly number[];
  /** Mean of `timings`. */
  readonly average: number;
  /** Population standard deviation of `timings`, as IPython computes it. */
  readonly stdev: number;
  /** Fastest seconds per call, over the runs. */
  readonly best: number;
  /** Slowest seconds per call, over the runs. */
  readonly worst: number;

  /** Statistics of `allRuns`, each of `loops` calls. */
  constructor(loops: number, allRuns: readonly number[]) {
    this.loops = loops;
    this.repeat = allRuns.length;
    this.allRuns = allRuns;
    this.timings = allRuns.map((run) => run / loops);
    this.average = this.timings.reduce((sum, t) => sum + t, 0) / this.repeat;
    const squares = this.timings.reduce((sum, t) => sum + (t - this.average) ** 2, 0);
    this.stdev = Math.sqrt(squares / this.repeat);
    this.best = Math.min(...this.timings);
    this.worst = Math.max(...this.timings);
  }

  /** The line `%timeit` prints: `7.14 ms ± 683 µs per loop (mean ± std. dev. of 7 runs, 100 loops each)`. */
  toString(): string {
    const runs = `${this.repeat} run${this.repeat === 1 ? "" : "s"}`;
    const loops = `${this.loops.toLocaleString("en-US")} loop${this.loops === 1 ? "" : "s"}`;
    return `${formatTime(this.average)} ± ${formatTime(this.stdev)} per loop ` +
      `(mean ± std. dev. of ${runs}, ${loops} each)`;
  }
}

function checkCount(name: string, value: number | undefined): void {
  if (value !== undefined && !(Number.isSafeInteger(value) && value >= 1)) {
    throw new RangeError(`timeit: expected ${name} to be an integer >= 1, received ${value}`);
  }
}

/** IPython stops raising the loop count once a run takes this long. */
const AUTORANGE_SECONDS = 0.2;

function runOnce(fn: () => unknown, loops: number): number {
  const start = performance.now();
  for (let i = 0; i < loops; i++) fn();
  return (performance.now() - start) / 1000;
}

/**
 * Times `fn` as `%timeit fn()` does, prints the line (unless `quiet`) and returns the numbers.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const result = timeit(() => Math.sqrt(2), { number: 1000, repeat: 3, quiet: true });
 * assert.equal(result.timings.length, 3);
 * assert.match(String(result), /per loop \(mean ± std\. dev\. of 3 runs, 1,000 loops each\)/);
 * ```
 */
export function timeit(fn: () => unknown, options: TimeitOptions = {}): TimeitResult {
  const { repeat = 7, number, quiet = false } = options;
  checkCount("repeat", repeat);
  checkCount("number", number);
  let loops = number ?? 0;
  if (number === undefined) {
    for (let index = 0; index < 10; index++) {
      loops = 10 ** index;
      if (runOnce(fn, loops) >= AUTORANGE_SECONDS) break;
    }
  }
  const runs: number[] = [];
  for (let r = 0; r < repeat; r++) runs.push(runOnce(fn, loops));
  return report(new TimeitResult(loops, runs), quiet);
}

async function runOnceAsync(fn: () => unknown, loops: number): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < loops; i++) await fn();
  return (performance.now() - start) / 1000;
}

/**
 * {@linkcode timeit} for a function that returns a promise: each call is awaited before the
 * next, as `%timeit await f()` does.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const result = await timeitAsync(() => Promise.resolve(1), { number: 10, repeat: 2, quiet: true });
 * assert.equal(result.loops, 10);
 * ```
 */
export async function timeitAsync(
  fn: () => unknown,
  options: TimeitOptions = {},
): Promise<TimeitResult> {
  const { repeat = 7, number, quiet = false } = options;
  checkCount("repeat", repeat);
  checkCount("number", number);
  let loops = number ?? 0;
  if (number === undefined) {
    for (let index = 0; index < 10; index++) {
      loops = 10 ** index;
      if (await runOnceAsync(fn, loops) >= AUTORANGE_SECONDS) break;
    }
  }
  const runs: number[] = [];
  for (let r = 0; r < repeat; r++) runs.push(await runOnceAsync(fn, loops));
  return report(new TimeitResult(loops, runs), quiet);
}

function report(result: TimeitResult, quiet: boolean): TimeitResult {
  if (quiet) return result;
  // IPython's warning, with its thresholds.
  if (result.worst > 4 * result.best && result.best > 0 && result.worst > 1e-6) {
    const ratio = (result.worst / result.best).toFixed(2);
    console.log(
      `The slowest run took ${ratio} times longer than the fastest. ` +
        "This could mean that an intermediate result is being cached.",
    );
  }
  console.log(String(result));
  return result;
}
