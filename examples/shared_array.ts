/**
 * Notebook 000, question 3: five integrals written by index into a shared float array.
 *
 * `new SharedArray("f", [0, 1, 2, 3, 4])` is Python's `multiprocessing.Array('f', range(5))`: five
 * float32 values in a SharedArrayBuffer. The notebook filled it from the main process, one
 * integral after another; here that serial run is followed by five Processes, each writing its
 * own element. Every Process sees the same memory (it is shared, not copied), and since each
 * writes a different index, no lock is needed. The printed values are float32, as the notebook's.
 *
 * Run: `deno task ex:shared_array` (or `deno run -A examples/shared_array.ts [--sleep-scale S]`).
 *
 * @module
 */
import { Process, SharedArray } from "../mod.ts";
import { integralSettings, integrate } from "./_integrand.ts";

/** The notebook's `integrate`: computes the i-th integral and stores it at index i. */
export function integrateInto(
  sharedMemory: SharedArray<"f">,
  i: number,
  p: number,
  seed: number,
  sleepScale: number,
): void {
  const started = performance.now();
  const integral = integrate(p, seed + i, sleepScale);
  sharedMemory.set(i, integral);
  console.log(`The value of ${i} th integral is ${integral}`);
  console.log(`${i} took ${((performance.now() - started) / 1000).toFixed(3)} sec ...`);
}

async function main(): Promise<void> {
  const { sleepScale, seed, ps } = integralSettings();

  const serialMemory = new SharedArray("f", [0, 1, 2, 3, 4]);
  let started = performance.now();
  ps.forEach((p, i) => integrateInto(serialMemory, i, p, seed, sleepScale));
  console.log(`serial: ${((performance.now() - started) / 1000).toFixed(3)} s`);
  console.log(serialMemory.toArray(), "\n");

  const sharedMemory = new SharedArray("f", [0, 1, 2, 3, 4]);
  started = performance.now();
  const processes = ps.map((p, i) =>
    new Process({
      target: integrateInto,
      args: [sharedMemory, i, p, seed, sleepScale],
      module: import.meta.url,
    })
  );
  processes.forEach((process) => process.start());
  await Promise.all(processes.map((process) => process.join()));
  console.log(`five Processes: ${((performance.now() - started) / 1000).toFixed(3)} s`);
  console.log(sharedMemory.toArray());

  const expected = ps.map((p) => Math.fround(Math.sqrt(Math.PI) / p));
  const mismatch = sharedMemory.toArray().findIndex((value, i) =>
    Math.abs(value - expected[i]!) > 1e-7
  );
  if (mismatch >= 0 || processes.some((process) => process.exitCode !== 0)) {
    throw new Error(`element ${mismatch} is not √π/p as float32`);
  }
}

if (import.meta.main) await main();
