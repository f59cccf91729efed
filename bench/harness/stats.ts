/**
 * Statistics of repeated runs (median, min, max) and the loops that make the runs: warm-up runs
 * first, contenders interleaved run by run.
 * @module
 */

/** Median, minimum and maximum of the measured runs, with the runs themselves, in run order. */
export interface Stat {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly samples: readonly number[];
}

/** How many runs to make: `warmup` discarded, then `runs` measured. */
export interface RunOptions {
  readonly warmup: number;
  readonly runs: number;
}

/** Median of `values` (mean of the two middle values for an even count); NaN when empty. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = values.toSorted((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Median, min and max of `samples` (NaN when empty). */
export function summarize(samples: readonly number[]): Stat {
  const empty = samples.length === 0;
  const [min, max] = empty ? [NaN, NaN] : [Math.min(...samples), Math.max(...samples)];
  return { median: median(samples), min, max, samples: [...samples] };
}

/** Calls `run` `warmup + runs` times and summarizes the figures the last `runs` returned. */
export async function repeat(
  options: RunOptions,
  run: (index: number) => number | Promise<number>,
): Promise<Stat> {
  return (await interleave(options, { run })).run;
}

/**
 * {@linkcode repeat} for several contenders, runs interleaved (run 1 of each, then run 2…) so a
 * change in the machine's state affects them all alike; warm-up runs get negative indices.
 */
export async function interleave<K extends string>(
  options: RunOptions,
  runs: Record<K, (index: number) => number | Promise<number>>,
): Promise<Record<K, Stat>> {
  const names = Object.keys(runs) as K[];
  const samples = names.map((): number[] => []);
  for (let i = -options.warmup; i < options.runs; i++) {
    for (const [n, name] of names.entries()) {
      const value = await runs[name](i);
      if (i >= 0) samples[n]!.push(value);
    }
  }
  const stats = names.map((name, n) => [name, summarize(samples[n]!)]);
  return Object.fromEntries(stats) as Record<K, Stat>;
}

/** What `fn` resolved to, and the seconds it took. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ result: T; seconds: number }> {
  const start = performance.now();
  const result = await fn();
  return { result, seconds: (performance.now() - start) / 1000 };
}

/** Throws unless `ok`: a figure measured over a wrong answer means nothing. */
export function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(`benchmark result check failed: ${what}`);
}

/** `trips` awaited calls of `call(i)`, each checked to give `expected(i)`: median and mean µs. */
export async function roundTrips(
  trips: number,
  call: (i: number) => Promise<unknown>,
  expected: (i: number) => unknown,
): Promise<{ median: number; mean: number }> {
  const times = new Array<number>(trips);
  const start = performance.now();
  for (let i = 0; i < trips; i++) {
    const t0 = performance.now();
    const value = await call(i);
    times[i] = (performance.now() - t0) * 1000;
    if (value !== expected(i)) check(false, `round trip ${i} returned ${value}`);
  }
  return { median: median(times), mean: (performance.now() - start) * 1000 / trips };
}
