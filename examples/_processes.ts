/**
 * Running a batch of Processes, for the examples that start one per task: at most `atOnce` alive
 * at a time (the worker count of a benchmark run), and none left running if something throws.
 *
 * @module
 */
import type { Process } from "../mod.ts";

/**
 * `using _ = terminateOnExit(processes)`: when the scope ends, stops any that still run (after
 * a thrown error); processes that ended normally are untouched.
 */
export function terminateOnExit(processes: readonly Process[]): Disposable {
  return {
    [Symbol.dispose]() {
      for (const process of processes) if (process.isAlive()) process.terminate();
    },
  };
}

/**
 * Starts `processes` in order, at most `atOnce` alive at a time (a new one as soon as one ends),
 * and waits for all; throws if any failed, naming it.
 */
export async function runAtMost(processes: readonly Process[], atOnce: number): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < processes.length) {
      const process = processes[next++]!;
      process.start();
      await process.join();
    }
  };
  await Promise.all(Array.from({ length: Math.min(atOnce, processes.length) }, lane));
  await joinAll(processes);
}

/** Waits for every started process to end; throws if any failed, naming it and its error. */
export async function joinAll(processes: readonly Process[]): Promise<void> {
  await Promise.all(processes.map((process) => process.join()));
  const failed = processes.find((process) => process.exitCode !== 0);
  if (failed !== undefined) throw processFailed(failed);
}

function processFailed(process: Process): Error {
  return new Error(
    `${process.name} exited with code ${process.exitCode}, expected 0: ${process.error}`,
  );
}

/**
 * `await receiving` for a message `process` sends, but throws if the process fails first, where
 * waiting for its message would hang.
 */
export async function receiveFrom<T>(receiving: Promise<T>, process: Process): Promise<T> {
  await Promise.race([receiving, process.join()]);
  if (process.exitCode !== null && process.exitCode !== 0) {
    receiving.catch(() => {}); // Abandoned: closing the pipe may reject it later.
    throw processFailed(process);
  }
  return await receiving;
}
