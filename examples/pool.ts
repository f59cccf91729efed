/**
 * Notebook 003: count, in every row of a 200000 × 5 matrix of random digits, how many lie in
 * [4, 8]; serially, then with each of the Pool's synchronous and asynchronous methods.
 *
 * The notebook called `np.random.RandomState(100)` and threw the generator away, so its data
 * was unseeded; here the seeded generator is used, and the output is reproducible.
 *
 * Run: `deno task ex:pool` (or `deno run -A examples/pool.ts [--rows N] [--workers N]`).
 *
 * @module
 */
import { parseArgs } from "node:util";
import { cpuCount, Pool, RandomState } from "../mod.ts";

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
  const { data } = new RandomState(seed).randint(0, 10, [rows, cols]);
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
  name: string;
  run: () => Promise<number[]>;
}

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

  await using pool = new Pool({ processes, module: import.meta.url });
  // Workers start their thread and import this module lazily; pay that here, not in `apply`.
  await pool.map(howmanyWithinRangeRowonly, data.slice(0, 4 * processes), { chunksize: 1 });

  const methods: Method[] = [
    {
      name: "serial",
      run: () => Promise.resolve(data.map((row) => howmanyWithinRange(row, 4, 8))),
    },
    // Python's apply blocks per row, so the notebook ran rows one at a time (53 s); starting
    // every apply before awaiting any lets them overlap across the workers.
    {
      name: "apply",
      run: () => Promise.all(data.map((row) => pool.apply(howmanyWithinRange, [row, 4, 8]))),
    },
    { name: "map", run: () => pool.map(howmanyWithinRangeRowonly, data) },
    {
      name: "starmap",
      run: () => pool.starmap(howmanyWithinRange, data.map((row) => [row, 4, 8])),
    },
    {
      name: "applyAsync + callback",
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
      name: "applyAsync + get()",
      run: async () => {
        const pending = data.map((row, i) => pool.applyAsync(howmanyWithinRange2, [i, row, 4, 8]));
        return (await Promise.all(pending.map((r) => r.get()))).map(([, count]) => count);
      },
    },
    {
      name: "starmapAsync + get()",
      run: async () => {
        const tuples = data.map((row, i) =>
          [i, row, 4, 8] as Parameters<typeof howmanyWithinRange2>
        );
        return (await pool.starmapAsync(howmanyWithinRange2, tuples).get()).map(([, c]) => c);
      },
    },
    { name: "mapAsync + get()", run: () => pool.mapAsync(howmanyWithinRangeRowonly, data).get() },
  ];

  let serial: number[] | null = null;
  for (const { name, run } of methods) {
    const start = performance.now();
    const results = await run();
    const ms = performance.now() - start;
    console.log(`${name.padEnd(22)} ${JSON.stringify(results.slice(0, 10))}  ${ms.toFixed(1)} ms`);
    if (serial === null) serial = results;
    else assertSameAs(serial, results, name);
  }
  console.log(`\nall methods agree on all ${rows} rows`);
}

// The workers import this module to find the tasks; only the main thread runs the demo.
if (import.meta.main) await main();
