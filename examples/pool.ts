/**
 * Notebook 003: count, in every row of a 200000 × 5 matrix of random digits, how many lie in
 * [4, 8]; serially, then with each of the Pool's synchronous and asynchronous methods.
 *
 * Section 2, how many parallel processes can run: `cpuCount()` (`navigator.hardwareConcurrency`,
 * Python's `mp.cpu_count()`), printed below and the default size of a Pool. More workers can be
 * made, but at most that many run JavaScript at the same moment; the rest take turns on the cores.
 *
 * Section 3, synchronous vs asynchronous: in Python, `apply`, `map` and `starmap` block the
 * caller until the results are back, in input order; `apply_async`, `map_async` and
 * `starmap_async` return an `AsyncResult` at once, whose `get()` waits, and whose `callback` runs
 * as each result arrives, in the order tasks finish. In Deno the main thread can never block
 * waiting for a worker (the answer comes through its own event loop), so every method returns
 * at once: the "synchronous" ones give a Promise of the ordered results (`await` is Python's
 * blocking call), the "asynchronous" ones an `AsyncResult` with `get()`, `ready()`, `wait()`
 * and callbacks. `applyAsync` callbacks fire in completion order, so the rows are tagged with
 * their index and sorted afterwards, as the notebook does; `map`/`starmap` results (sync or
 * async) are always in input order. Both kinds are shown below and agree with the serial count.
 * (The notebook's `apply` ran one row per blocking call, 53 s; starting every `apply` before
 * awaiting any lets them overlap.)
 *
 * The notebook called `np.random.RandomState(100)` and threw the generator away, so its data
 * was unseeded; here the seeded generator is used, and the output is reproducible.
 *
 * Run: `deno task ex:pool` (or `deno run -A examples/pool.ts [--rows N] [--workers N]`).
 *
 * @module
 */
import { parseArgs } from "node:util";
import { cpuCount, type Pool } from "../mod.ts";
import { random } from "../numeric.ts";
import type { ExerciseBenchmark } from "./_exercise.ts";
import { startedPool } from "./_pool.ts";
import { timed } from "./_timing.ts";

/** How many numbers in `row` lie within `[minimum, maximum]`. */
export function howmanyWithinRange(
  row: readonly number[],
  minimum: number,
  maximum: number,
): number {
  let count = 0;
  for (const n of row) if (minimum <= n && n <= maximum) count++;
  return count;
}

/** {@linkcode howmanyWithinRange} with default bounds, so `map` can pass the row alone. */
export function howmanyWithinRangeRowonly(
  row: readonly number[],
  minimum = 4,
  maximum = 8,
): number {
  return howmanyWithinRange(row, minimum, maximum);
}

/** {@linkcode howmanyWithinRange} tagged with the row's index `i`, for unordered collection. */
export function howmanyWithinRange2(
  i: number,
  row: readonly number[],
  minimum: number,
  maximum: number,
): [number, number] {
  return [i, howmanyWithinRange(row, minimum, maximum)];
}

/** `RandomState(seed).randint(0, 10, [rows, cols])` as a list of rows, like numpy's `tolist()`. */
export function makeData(rows: number, cols = 5, seed = 100): number[][] {
  const { data } = new random.RandomState(seed).randint(0, 10, [rows, cols]);
  return Array.from(
    { length: rows },
    (_, r) => Array.from(data.subarray(r * cols, (r + 1) * cols)),
  );
}

function positiveInteger(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`--${flag} expects a positive integer, received "${text}"`);
  }
  return value;
}

function assertSameAs(expected: readonly number[], actual: readonly number[], method: string) {
  if (actual.length !== expected.length) {
    throw new Error(`${method} gave ${actual.length} results, serial gave ${expected.length}`);
  }
  const i = actual.findIndex((value, index) => value !== expected[index]);
  if (i !== -1) {
    throw new Error(`${method} disagrees with serial at row ${i}: ${actual[i]} != ${expected[i]}`);
  }
}

/** One way of computing the counts of every row, in row order. */
interface Method {
  /** Its benchmark figure's name. */
  figure: string;
  /** How the output names it. */
  label: string;
  run: () => Promise<number[]>;
}

/** Every way of counting `data`: serial first, then each Pool method on `pool`. */
export function countingMethods(pool: Pool, data: readonly number[][]): Method[] {
  return [
    {
      figure: "serial",
      label: "serial",
      run: () => Promise.resolve(data.map((row) => howmanyWithinRange(row, 4, 8))),
    },
    // Python's apply blocks per row, so the notebook ran rows one at a time (53 s); starting
    // every apply before awaiting any lets them overlap across the workers.
    {
      figure: "apply",
      label: "apply",
      run: () => Promise.all(data.map((row) => pool.apply(howmanyWithinRange, [row, 4, 8]))),
    },
    { figure: "map", label: "map", run: () => pool.map(howmanyWithinRangeRowonly, data) },
    {
      figure: "starmap",
      label: "starmap",
      run: () => pool.starmap(howmanyWithinRange, data.map((row) => [row, 4, 8])),
    },
    {
      figure: "applyAsync",
      label: "applyAsync + callback",
      run: async () => {
        const collected: [number, number][] = [];
        const pending = data.map((row, i) =>
          pool.applyAsync(howmanyWithinRange2, [i, row, 4, 8], {
            callback: (pair) => collected.push(pair),
          })
        );
        // Callbacks run before an awaiter of the same result resumes, so all have run after this.
        await Promise.all(pending);
        return collected.sort((a, b) => a[0] - b[0]).map(([, count]) => count);
      },
    },
    {
      figure: "applyAsyncGet",
      label: "applyAsync + get()",
      run: async () => {
        const pending = data.map((row, i) => pool.applyAsync(howmanyWithinRange2, [i, row, 4, 8]));
        return (await Promise.all(pending.map((r) => r.get()))).map(([, count]) => count);
      },
    },
    {
      figure: "starmapAsync",
      label: "starmapAsync + get()",
      run: async () => {
        const tuples = data.map((row, i) =>
          [i, row, 4, 8] as Parameters<typeof howmanyWithinRange2>
        );
        return (await pool.starmapAsync(howmanyWithinRange2, tuples).get()).map(([, c]) => c);
      },
    },
    {
      figure: "mapAsync",
      label: "mapAsync + get()",
      run: () => pool.mapAsync(howmanyWithinRangeRowonly, data).get(),
    },
  ];
}

/**
 * Runs every method once, in order, checking each against the serial count; `report` sees each
 * method's results and seconds. Returns the seconds by figure name.
 */
async function countEveryWay(
  pool: Pool,
  data: readonly number[][],
  report: (method: Method, results: number[], seconds: number) => void = () => {},
): Promise<Record<string, number>> {
  const figures: Record<string, number> = {};
  let serial: number[] | null = null;
  for (const method of countingMethods(pool, data)) {
    const [results, seconds] = await timed(method.run);
    report(method, results, seconds);
    if (serial === null) serial = results;
    else assertSameAs(serial, results, method.label);
    figures[method.figure] = seconds;
  }
  return figures;
}

/** Every method once over the quick (20000 rows) or full data; `map` is the speed-up figure. */
export const benchmark: ExerciseBenchmark = {
  title: "Notebook 003: per-row count of numbers in [4, 8], serially and with every Pool method",
  parallelFigure: "map",
  serialFigure: "serial",
  whySlowerInParallel:
    "each row is five comparisons, tens of nanoseconds of work, less than copying the row to " +
    "a worker and its count back costs, so the workers spend their time on messages (Python's" +
    " Pool is slower than its own loop here too); a pool pays off when each task's work " +
    "outweighs its trip",
  async run({ workers, quick, seed }) {
    const data = makeData(quick ? 20_000 : 200_000, 5, seed);
    await using pool = await startedPool({ processes: workers, module: import.meta.url });
    return await countEveryWay(pool, data);
  },
};

/** Runs every method over the data, prints each one's first results and time, checks agreement. */
export async function main(args: string[] = Deno.args): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { rows: { type: "string" }, workers: { type: "string" } },
  });
  const rows = positiveInteger("rows", values.rows, 200_000);
  const processes = positiveInteger("workers", values.workers, cpuCount());
  const data = makeData(rows);
  console.log(`data: ${rows} rows × 5, first 5:`, JSON.stringify(data.slice(0, 5)));
  console.log(`pool: ${processes} workers (cpuCount() = ${cpuCount()})\n`);

  await using pool = await startedPool({ processes, module: import.meta.url });
  await countEveryWay(pool, data, ({ label }, results, seconds) => {
    const ms = (seconds * 1000).toFixed(1);
    console.log(`${label.padEnd(22)} ${JSON.stringify(results.slice(0, 10))}  ${ms} ms`);
  });
  console.log(`\nall methods agree on all ${rows} rows`);
}

// The workers import this module to find the tasks; only the main thread runs the demo.
if (import.meta.main) await main();
