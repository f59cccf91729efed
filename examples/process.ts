/**
 * Notebook 000, question 2: a simple program with two Processes.
 *
 * Question 1, multiprocessing versus multithreading, answered for Deno: each Process (and each
 * Pool worker) is a Web Worker, an OS thread with its own V8 heap and event loop. Workers run
 * JavaScript truly in parallel on separate cores, unlike CPython threads, which take turns under
 * the GIL; so on Deno they give what Python needs processes for. They are not OS processes,
 * though: a crash in native code or running out of memory takes the whole Deno process down, and
 * every worker with it. Nothing is shared by default: arguments and results are copied by
 * structured clone, except a SharedArrayBuffer, whose memory all threads see.
 *
 * Run: `deno task ex:process` (or `deno run -A examples/process.ts`).
 *
 * @module
 */
import { cpuCount, currentProcess, Process } from "../mod.ts";

/** How long each child sleeps: long enough that "Done in" surely comes before "Done sleeping". */
export const SLEEP_MS = 100;

/**
 * The notebook's `sleep` target: announces itself, sleeps {@linkcode SLEEP_MS}, says so.
 * Exported so the worker finds it by name in this module, as Python pickles by reference.
 */
export async function sleep(): Promise<void> {
  const name = currentProcess().name;
  console.log(`${name}: Starting to sleep`);
  await new Promise<void>((resolve) => setTimeout(resolve, SLEEP_MS));
  console.log(`${name}: Done sleeping`);
}

function seconds(since: number): string {
  return ((performance.now() - since) / 1000).toFixed(4);
}

/** Starts two sleeping Processes, shows that `start()` does not wait, then joins them. */
export async function main(): Promise<void> {
  console.log("Number of cpu :", cpuCount());

  const start = performance.now();
  const p1 = new Process({ target: sleep, module: import.meta.url });
  const p2 = new Process({ target: sleep, module: import.meta.url });
  p1.start();
  p2.start();
  // start() launches the worker and returns without waiting for the target, as in Python: this
  // line comes long before "Done sleeping" (a child may already have said "Starting" though).
  console.log(`\nDone in ${seconds(start)} seconds (after start(), before join())`);

  await Promise.all([p1.join(), p2.join()]);
  console.log(`All done in ${seconds(start)} seconds (after join())`);
  for (const p of [p1, p2]) {
    console.log(`${p.name}: pid ${p.pid}, exit code ${p.exitCode}, alive ${p.isAlive()}`);
  }
  if (p1.exitCode !== 0 || p2.exitCode !== 0) {
    throw new Error(`a process failed: exit codes ${p1.exitCode} and ${p2.exitCode}`);
  }
}

// The workers import this module to find `sleep`; only the main thread runs the demo.
if (import.meta.main) await main();
