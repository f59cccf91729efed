/**
 * Recipe: cancelling and timeouts. A call takes `{ signal, timeout }`: it rejects with
 * `TimeoutError` once it has run `timeout` ms, or with `AbortError` when its signal aborts. A
 * CPU-bound task hears about it by calling `checkCancelled()` now and then (one atomic read), an
 * async one through `currentTask().signal`; either way the worker is free for the next call.
 *
 * Run: `deno run --allow-read=. examples/recipes/cancel_and_timeout.ts`
 * - `--allow-read=.`: the workers load the library and this module.
 *
 * @module
 */
import { checkCancelled, currentTask, Pool } from "../../mod.ts";

/** Spins until told to stop. */
export function spin(): never {
  for (let i = 0;; i++) if (i % 1024 === 0) checkCancelled();
}

/** Waits for `ms`, unless the call is cancelled first. */
export function sleep(ms: number): Promise<string> {
  const { signal } = currentTask();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve(`slept ${ms} ms`), ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });
}

if (import.meta.main) {
  await using pool = new Pool({ processes: 1, module: import.meta.url });
  const outcome = (call: Promise<unknown>) => call.then(String, (error) => error.name);
  console.log(`spin, timeout 200 ms: ${await outcome(pool.apply(spin, [], { timeout: 200 }))}`);
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 100);
  const aborted = pool.apply(sleep, [60_000], { signal: controller.signal });
  console.log(`sleep 60 s, aborted at 100 ms: ${await outcome(aborted)}`);
  console.log(`then the worker is free: ${await pool.apply(sleep, [10])}`);
}
