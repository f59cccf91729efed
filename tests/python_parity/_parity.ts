// Shared pieces of the CPython test ports: the fixture module's URL, CPython's short timeouts,
// a timing wrapper, and `Bunch` (N processes running one target, as CPython's Bunch does).
import assert from "node:assert/strict";
import { Process } from "../../mod.ts";

/** The module that exports every process target of these ports. */
export const TASKS = new URL("../fixtures/parity_tasks.ts", import.meta.url).href;

/** CPython's TIMEOUT1/2/3 (0.1 s each when CHECK_TIMINGS is off), in ms. */
export const TIMEOUT = 100;

/** CPython's CLOCK_RES: timings may be this much short of what was asked. */
export const CLOCK_RES = 100;

/** Runs `fn` and returns its result with the elapsed milliseconds (CPython's TimingWrapper). */
export async function timed<T>(fn: () => T | Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const result = await fn();
  return [result, performance.now() - start];
}

/** Starts one Process per argument list on `target` (exported from {@linkcode TASKS}). */
export function startProcesses<A extends unknown[]>(
  target: (...args: A) => unknown,
  argLists: A[],
): Process<A>[] {
  return argLists.map((args) => {
    const process = new Process<A>({ target, args, module: TASKS });
    process.start();
    return process;
  });
}

/** Joins every process and asserts each ended with exit code 0, showing the first error. */
export async function joinAllOk(processes: Process<unknown[]>[]): Promise<void> {
  await Promise.all(processes.map((process) => process.join()));
  for (const process of processes) {
    assert.equal(process.exitCode, 0, `${process.name} failed: ${String(process.error)}`);
  }
}

/**
 * CPython's `_TestBarrier.run_threads`: `parties - 1` processes and this thread all run
 * `target(...args)`; resolves once every one has finished, each without error.
 */
export async function runParties<A extends unknown[]>(
  parties: number,
  target: (...args: A) => Promise<unknown>,
  args: A,
): Promise<void> {
  const processes = startProcesses(target, Array.from({ length: parties - 1 }, () => args));
  const here = target(...args);
  await Promise.all([here, joinAllOk(processes as Process<unknown[]>[])]);
}
