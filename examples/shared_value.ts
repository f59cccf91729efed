/**
 * Notebook 000, question 5: a shared value and its lock.
 *
 * Two Processes add 1 and 2 to one `SharedValue("i", 0)`, each holding the value's lock while
 * it reads, adds and writes back, so neither update can be lost: the final value is 3, every
 * time. In Deno the value lives in a SharedArrayBuffer that both workers see (nothing is copied)
 * and the lock is a futex on Atomics in the same kind of memory. Passing the value as a Process
 * argument hands over both, revived in the worker as the same classes.
 *
 * The second part shows why the lock matters: two workers add 1 a million times each, with and
 * without it. `value += 1` is a read, an add and a write; without the lock the two workers'
 * steps interleave and updates are lost.
 *
 * Run: `deno task ex:shared_value` (or `deno run -A examples/shared_value.ts [--times N]`).
 *
 * @module
 */
import { parseArgs } from "node:util";
import { type Pool, Process, SharedValue } from "../mod.ts";
import type { ExerciseBenchmark } from "./_exercise.ts";
import { startedPool } from "./_pool.ts";
import { joinAll, terminateOnExit } from "./_processes.ts";
import { timed } from "./_timing.ts";

/** The notebook's `modify_shared_data`: adds `increment` under the value's lock. */
export function modifySharedData(sharedValue: SharedValue<"i">, increment: number): void {
  sharedValue.withLockSync(() => sharedValue.value += increment);
}

/** Adds 1 to `counter` `times` times, with or without its lock. */
export function countUp(counter: SharedValue<"i">, times: number, useLock: boolean): void {
  const lock = counter.getLock();
  for (let i = 0; i < times; i++) {
    if (useLock) lock.acquireSync();
    counter.value = counter.value + 1;
    if (useLock) lock.release();
  }
}

/** The notebook's program: two Processes add 1 and 2 under the lock; throws unless it gives 3. */
export async function addOneAndTwo(): Promise<number> {
  const sharedValue = new SharedValue("i", 0);
  const processes = [1, 2].map((increment) =>
    new Process({
      target: modifySharedData,
      args: [sharedValue, increment],
      module: import.meta.url,
    })
  );
  using _ = terminateOnExit(processes);
  processes.forEach((process) => process.start());
  await joinAll(processes);
  if (sharedValue.value !== 3) throw new Error(`expected 3, got ${sharedValue.value}`);
  return sharedValue.value;
}

/**
 * Two workers of `pool` each add 1 to one counter `times` times, with or without its lock; the
 * final count. With the lock it must be exactly 2 × `times` (this throws otherwise).
 */
export async function countTwice(pool: Pool, times: number, useLock: boolean): Promise<number> {
  const counter = new SharedValue("i", 0);
  await Promise.all([0, 1].map(() => pool.apply(countUp, [counter, times, useLock])));
  const expected = 2 * times;
  if (useLock ? counter.value !== expected : counter.value > expected) {
    throw new Error(
      `expected ${useLock ? "" : "at most "}${expected} after 2 × ${times} increments ` +
        `${useLock ? "with" : "without"} the lock, counted ${counter.value}`,
    );
  }
  return counter.value;
}

/** `processes`: the notebook's program; `locked`/`unlocked`: 2 × N increments (N = 1e5 quick, 1e6). */
export const benchmark: ExerciseBenchmark = {
  title:
    "Notebook 000 q5: SharedValue under its lock (1 + 2 = 3), 2 workers' increments with and without it",
  async run({ quick }) {
    const times = quick ? 100_000 : 1_000_000;
    const [, processes] = await timed(addOneAndTwo);
    await using pool = await startedPool({ processes: 2, module: import.meta.url });
    const [, locked] = await timed(() => countTwice(pool, times, true));
    const [, unlocked] = await timed(() => countTwice(pool, times, false));
    return { processes, locked, unlocked };
  },
};

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { times: { type: "string", default: "1000000" } } });
  const times = Number(values.times);
  if (!Number.isSafeInteger(times) || times < 1) {
    throw new RangeError(`--times expects a positive integer, received "${values.times}"`);
  }

  console.log("Final Shared Value:", await addOneAndTwo());

  await using pool = await startedPool({ processes: 2, module: import.meta.url });
  for (const useLock of [true, false]) {
    const [count, seconds] = await timed(() => countTwice(pool, times, useLock));
    console.log(
      `${useLock ? "with the lock:   " : "without the lock:"} 2 × ${times} increments → ` +
        `${count} (${2 * times - count} lost) in ${(seconds * 1000).toFixed(1)} ms`,
    );
  }
}

if (import.meta.main) await main();
