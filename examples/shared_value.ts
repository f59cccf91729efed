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
import { Pool, Process, SharedValue } from "../mod.ts";

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

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { times: { type: "string", default: "1000000" } } });
  const times = Number(values.times);
  if (!Number.isSafeInteger(times) || times < 1) {
    throw new RangeError(`--times expects a positive integer, received "${values.times}"`);
  }

  const sharedValue = new SharedValue("i", 0);
  const processes = [1, 2].map((increment) =>
    new Process({
      target: modifySharedData,
      args: [sharedValue, increment],
      module: import.meta.url,
    })
  );
  processes.forEach((process) => process.start());
  await Promise.all(processes.map((process) => process.join()));
  console.log("Final Shared Value:", sharedValue.value);
  if (sharedValue.value !== 3) throw new Error(`expected 3, got ${sharedValue.value}`);

  await using pool = new Pool({ processes: 2, module: import.meta.url });
  for (const useLock of [true, false]) {
    const counter = new SharedValue("i", 0);
    const started = performance.now();
    await Promise.all([0, 1].map(() => pool.apply(countUp, [counter, times, useLock])));
    const ms = performance.now() - started;
    console.log(
      `${useLock ? "with the lock:   " : "without the lock:"} 2 × ${times} increments → ` +
        `${counter.value} (${2 * times - counter.value} lost) in ${ms.toFixed(1)} ms`,
    );
  }
}

if (import.meta.main) await main();
