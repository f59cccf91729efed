/**
 * The bare Worker of the Process figure (the floor): created, then its one message received,
 * timed by process_child.ts.
 *
 * @module
 */
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

/** A bare Worker that posts once and closes itself: created, then its message received. */
export async function bareWorkerStartJoin(): Promise<void> {
  const source = "postMessage(0); close();";
  const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
  const worker = new Worker(url, { type: "module" });
  await new Promise((resolve) => worker.onmessage = resolve);
  worker.terminate();
  URL.revokeObjectURL(url);
}
