/**
 * Process start → join, timed where it runs: on the main thread of process_child.ts, or inside
 * a pool worker (a nested Process). Also the same for a bare Worker, the floor.
 *
 * @module
 */
import { Process } from "../../../../mod.ts";
import { median } from "../../../harness/stats.ts";

/** The median ms of `times` runs of `once()`, each after a pause of `gapMs`. */
export async function medianMs(
  times: number,
  gapMs: number,
  once: () => Promise<void>,
): Promise<number> {
  const spans: number[] = [];
  for (let i = 0; i < times; i++) {
    await new Promise((resolve) => setTimeout(resolve, gapMs));
    const begin = performance.now();
    await once();
    spans.push(performance.now() - begin);
  }
  return median(spans);
}

/** One Process of a trivial target (thread isolation, the default): start, join, checked. */
export async function processStartJoin(): Promise<void> {
  const process = new Process({ target: () => {} });
  process.start();
  await process.join();
  if (process.exitCode !== 0) throw new Error(`a trivial Process exited with ${process.exitCode}`);
  process.close();
}

/** The median ms of `times` Process start → join, `gapMs` apart: a pool task (nested case). */
export function processStartJoins(times: number, gapMs: number): Promise<number> {
  return medianMs(times, gapMs, processStartJoin);
}

/** A bare Worker that posts once and closes itself: created, then its message received. */
export async function bareWorkerStartJoin(): Promise<void> {
  const source = "postMessage(0); close();";
  const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
  const worker = new Worker(url, { type: "module" });
  await new Promise((resolve) => worker.onmessage = resolve);
  worker.terminate();
  URL.revokeObjectURL(url);
}
