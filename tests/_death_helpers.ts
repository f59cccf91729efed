// Helpers of the tests where a worker dies in a shared primitive: start a Process on the death
// fixtures, poll shared cells with a deadline (a regression fails instead of hanging), and
// release a gate.
import { Process } from "../mod.ts";
import { GO } from "./fixtures/death_tasks.ts";

const TASKS = new URL("./fixtures/death_tasks.ts", import.meta.url).href;

/** Starts `target(...args)` on a Process that imports the death fixtures. */
export function start<A extends unknown[]>(target: (...args: A) => unknown, args: A): Process<A> {
  const process = new Process({ target, args, module: TASKS });
  process.start();
  return process;
}

/** Polls `check` every 2 ms; throws naming `what` after `timeoutMs`. */
export async function until(
  check: () => boolean,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** Opens the gate a fixture waits at. */
export function go(cells: Int32Array): void {
  Atomics.store(cells, GO, 1);
  Atomics.notify(cells, GO);
}
