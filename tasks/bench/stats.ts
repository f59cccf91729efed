/**
 * Summary statistics and a small runner for benchmarks: warm-up runs, then measured runs.
 *
 * @module
 */

/** Median, minimum and maximum of a set of samples, with the samples themselves. */
export interface Summary {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly samples: readonly number[];
}

/** Median of `values` (mean of the two middle values for an even count); NaN when empty. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Median, min and max of `samples`. */
export function summarize(samples: readonly number[]): Summary {
  return {
    median: median(samples),
    min: samples.length === 0 ? NaN : Math.min(...samples),
    max: samples.length === 0 ? NaN : Math.max(...samples),
    samples: [...samples],
  };
}

/** How many runs to make. */
export interface RunOptions {
  /** Runs made and discarded first (JIT, caches, worker start-up). */
  readonly warmup: number;
  /** Runs measured. */
  readonly runs: number;
}

/**
 * Calls `run` `warmup + runs` times, one after another, and keeps the figures of the last
 * `runs` calls. `run` returns its own figure (a duration, a rate…), so it decides what is timed.
 */
export async function repeat(
  options: RunOptions,
  run: (index: number) => number | Promise<number>,
): Promise<Summary> {
  for (let i = 0; i < options.warmup; i++) await run(-1 - i);
  const samples: number[] = [];
  for (let i = 0; i < options.runs; i++) samples.push(await run(i));
  return summarize(samples);
}

/** Milliseconds taken by `fn`, measured with `performance.now()`. */
export async function timeMs(fn: () => unknown): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/** What `fn` resolved to, and the seconds it took, measured with `performance.now()`. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ result: T; seconds: number }> {
  const start = performance.now();
  const result = await fn();
  return { result, seconds: (performance.now() - start) / 1000 };
}

/**
 * Like {@linkcode repeat} for several contenders at once, their runs interleaved (run 1 of each,
 * then run 2 of each…) so that a change in the machine's state affects them all alike. Warm-up
 * runs get negative indices.
 */
export async function interleave<K extends string>(
  options: RunOptions,
  runs: Record<K, (index: number) => number | Promise<number>>,
): Promise<Record<K, Summary>> {
  const names = Object.keys(runs) as K[];
  const samples = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<
    K,
    number[]
  >;
  for (let i = -options.warmup; i < options.runs; i++) {
    for (const name of names) {
      const value = await runs[name](i);
      if (i >= 0) samples[name].push(value);
    }
  }
  return Object.fromEntries(names.map((name) => [name, summarize(samples[name])])) as Record<
    K,
    Summary
  >;
}
